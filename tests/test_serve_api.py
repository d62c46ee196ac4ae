"""The initializr's HTTP API over a real socket: one ``sgi-scaffold serve`` process for the module.

Every variant's archive is compared with what the CLI writes for the same
answers: the CLI's ``main()`` run in this process for each of them (argument
parsing, settling and the disk writer, exactly as ``sgi-scaffold new`` runs), and
the ``sgi-scaffold`` executable itself for a few, to keep the suite fast.
"""

from __future__ import annotations

import http.client
import io
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from generator import cli, matrix, schema
from generator.serve import archive

from .conftest import run_cli, selection_flags, variant_id, variants
from .initializr import disk_tree, initializr_process, tgz_tree, zip_tree

pytestmark = pytest.mark.xdist_group("initializr")

METADATA_TYPE = "application/vnd.sgi-scaffold.metadata.v1+json"
#: Names that exercise the slug and the import name, cycled over the variants.
NAMES = ("svc", "Café Ünïcode", "my-service", "Order API 2")


#: The module's server runs two worker processes, as a deployment on two cores would.
WORKERS = 2


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen]]:
    log = tmp_path_factory.mktemp("initializr") / "server.log"
    with initializr_process(log, "--workers", str(WORKERS)) as (url, process):
        yield url, process


@pytest.fixture(scope="module")
def base(served: tuple[str, subprocess.Popen]) -> str:
    return served[0]


@pytest.fixture(scope="module")
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as http:
        yield http


def _case(index: int, variant) -> tuple[dict[str, str], list[str]]:
    """Request parameters and the equivalent CLI flags for one variant."""
    combo, ws, h2 = variant
    redis = bool(combo.framework.redis) and ws and index % 2 == 1
    params = {
        "framework": combo.framework.key, "server": combo.server.key, "interface": combo.interface.value,
        "websocket": str(ws).lower(), "http2": str(h2).lower(), "name": NAMES[index % len(NAMES)],
        "kubernetes": "true" if index % 3 == 0 else "false", "redis": str(redis).lower(),
    }
    flags = [
        *selection_flags(combo, ws, h2), "--name", params["name"],
        "--kubernetes" if index % 3 == 0 else "--no-kubernetes", "--redis" if redis else "--no-redis",
    ]
    return params, flags


def _same_tree(served: dict, written: Path) -> None:
    on_disk = disk_tree(written)
    assert sorted(served) == sorted(on_disk), "the same files and folders"
    for rel, (data, mode) in on_disk.items():
        if data is None:
            assert served[rel][0] is None, f"{rel} is a folder in both"
        else:
            assert served[rel] == (data, mode), f"{rel}: same bytes and mode"


CASES = list(enumerate(variants()))


@pytest.mark.parametrize(("index", "variant"), CASES, ids=[variant_id(v) for _, v in CASES])
def test_archive_is_what_the_cli_writes(client: httpx.Client, index: int, variant, tmp_path: Path) -> None:
    params, flags = _case(index, variant)
    assert cli.main(["new", "--no-input", "--no-lock", *flags, "-o", str(tmp_path)]) == 0
    (written,) = tmp_path.iterdir()
    zipped = client.get("/starter.zip", params=params)
    assert zipped.status_code == 200, zipped.text
    assert zipped.headers["content-type"] == "application/zip"
    assert zipped.headers["content-disposition"] == f'attachment; filename="{written.name}.zip"'
    _same_tree(zip_tree(zipped.content, written.name), written)
    posted = client.post("/starter.tgz", data=params)
    assert posted.status_code == 200, posted.text
    _same_tree(tgz_tree(posted.content, written.name), written)


needs_unzip = pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed (.ci/run installs it)")


@needs_unzip
@pytest.mark.parametrize("index", [0, 7, 41])
def test_archive_matches_the_installed_command(client: httpx.Client, index: int, tmp_path: Path) -> None:
    """The real ``sgi-scaffold`` executable, unpacked with the system's tar and unzip."""
    params, flags = _case(index, variants()[index])
    params["description"], flags[-1:-1] = 'say "hi"\tand <b>', ["--description", 'say "hi"\tand <b>']
    made = run_cli("new", "--no-input", "--no-lock", *flags, "-o", tmp_path / "cli")
    assert made.returncode == 0, made.stderr
    (written,) = (tmp_path / "cli").iterdir()
    for kind, unpack in (("tgz", ["tar", "-xzf"]), ("zip", ["unzip", "-q"])):
        body = client.get(f"/starter.{kind}", params=params).content
        out = tmp_path / kind
        out.mkdir()
        (out / f"a.{kind}").write_bytes(body)
        subprocess.run([*unpack, f"a.{kind}"], cwd=out, check=True)
        (out / f"a.{kind}").unlink()
        assert disk_tree(out / written.name) == disk_tree(written)


@needs_unzip
def test_archive_keeps_executable_bits_and_refuses_escaping_paths(tmp_path: Path) -> None:
    tree = {"bin/run.sh": (b"#!/bin/sh\n", 0o755), "README.md": (b"hi\n", 0o644)}
    (tmp_path / "p.zip").write_bytes(archive.to_zip("p", tree))
    subprocess.run(["unzip", "-q", "p.zip"], cwd=tmp_path, check=True)
    assert (tmp_path / "p" / "bin" / "run.sh").stat().st_mode & 0o777 == 0o755
    assert tgz_tree(archive.to_tgz("p", tree), "p")["bin/run.sh"] == (b"#!/bin/sh\n", 0o755)
    for bad in ("../x", "/etc/passwd", "a/../../x", "a\\..\\x", ""):
        with pytest.raises(ValueError, match="outside the project"):
            archive.to_zip("p", {bad: (b"", 0o644)})
    with pytest.raises(ValueError, match="outside the project"):
        archive.to_tgz("..", tree)


@pytest.mark.parametrize("excluded", matrix.EXCLUSIONS, ids=lambda ex: f"{ex.framework}-{ex.server}")
def test_excluded_pair_is_refused_with_the_cli_reason(client: httpx.Client, excluded: matrix.Exclusion) -> None:
    made = run_cli("new", "--no-input", "--framework", excluded.framework, "--server", excluded.server, "-o", "/")
    assert made.returncode == 2
    response = client.get("/starter.zip", params={"framework": excluded.framework, "server": excluded.server})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": made.stderr.strip().removeprefix("error: ")}
    assert excluded.reason in response.json()["error"]


@pytest.mark.parametrize(
    ("flags", "params"),
    [
        (["--framework", "flask", "--websocket"], {"framework": "flask", "websocket": "true"}),
        (["--server", "uvicorn", "--http2"], {"server": "uvicorn", "http2": "yes"}),
        (["--framework", "django-rest"], {"framework": "django-rest"}),
        (["--name", "json"], {"name": "json"}),
        (["--name", "../../etc"], {"name": "../../etc"}),
        (["--description", "a\x1bb"], {"description": "a\x1bb"}),
        (["--framework", "flask", "--redis"], {"framework": "flask", "redis": "1"}),
    ],
)
def test_impossible_answers_get_the_cli_reason(client: httpx.Client, flags: list[str], params: dict) -> None:
    made = run_cli("new", "--no-input", *flags, "-o", "/")
    assert made.returncode == 2
    for response in (client.get("/starter.tgz", params=params), client.post("/starter.zip", data=params),
                     client.get("/preview", params=params)):
        assert response.status_code == 400
        assert response.json() == {"error": made.stderr.strip().removeprefix("error: ")}


def _garbage() -> list[tuple[str, str]]:
    return [
        ("unknown key", "colour=blue"),
        ("bad boolean", "websocket=maybe"),
        ("bad interface", "interface=cgi"),
        ("huge value", "name=" + "x" * 5000),
        ("huge query", "name=" + "x" * 40000),
        ("NUL in a name", "name=a%00b"),
        ("control characters in a framework", "framework=%1b%5b31m"),
        ("escape in an unknown key", "%1b%5b2J=1"),
        ("repeated key", "framework=flask&framework=django"),
        ("invalid UTF-8", "name=%ff%fe"),
        ("10 000 parameters", "&".join(f"p{i}=1" for i in range(10_000))),
        ("10 000 parameters, short", "&".join(["a="] * 10_000)),
    ]


def _raw_get(base: str, target: str) -> httpx.Response:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", target)
        answer = connection.getresponse()
        return httpx.Response(answer.status, headers=answer.getheaders(), content=answer.read())
    finally:
        connection.close()


@pytest.mark.parametrize(("what", "query"), _garbage(), ids=[what for what, _ in _garbage()])
def test_garbage_gets_400_and_the_server_keeps_answering(
    client: httpx.Client, base: str, what: str, query: str
) -> None:
    for path in ("/starter.zip", "/preview", "/questions"):
        response = _raw_get(base, f"{path}?{query}")  # httpx refuses URLs this long itself
        if path == "/questions" and response.status_code == 200:
            # The page asks while the user types: a well-formed but impossible answer is reported in place.
            state = response.json()
            errors = [q["error"] for q in state["questions"] if q.get("error")]
            errors += [d["reason"] for d in state["dropped"]]
            assert len(errors) == 1, (what, errors)
            continue
        assert response.status_code == 400, (what, response.text[:200])
        error = response.json()["error"]
        assert "\n" not in error and len(error) < 400, error
    assert client.get("/starter.tgz", params={"framework": "flask"}).status_code == 200


def test_a_request_head_past_the_limit_is_cut_off_and_the_server_keeps_answering(
    client: httpx.Client, base: str
) -> None:
    """Past uvicorn's 64 KiB head limit its HTTP parser answers 400 and closes, maybe before we finish sending."""
    try:
        assert _raw_get(base, "/starter.zip?name=" + "x" * 1_000_000).status_code == 400
    except ConnectionResetError:
        pass
    assert client.get("/starter.zip", params={"framework": "bottle"}).status_code == 200


def test_oversized_or_foreign_bodies_are_refused(client: httpx.Client) -> None:
    flood = "&".join(f"p{i}=1" for i in range(10_000))
    response = client.post("/starter.zip", content=flood, headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413, response.text
    response = client.post("/starter.zip", content=b'{"framework": "flask"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 415
    response = client.post("/starter.zip?framework=flask", data={"framework": "django"})
    assert response.status_code == 400 and "given twice" in response.json()["error"]
    assert client.get("/health").json() == {"status": "ok"}


def test_metadata_is_versioned_and_cacheable(client: httpx.Client) -> None:
    response = client.get("/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"] == METADATA_TYPE
    assert "max-age" in response.headers["cache-control"]
    document = response.json()
    features = [answer.key for answer in schema.features()]
    assert [q["id"] for q in document["questions"]] == [
        "interface", "capabilities", "framework", "server", "python", *features, "name", "description", "author",
    ]
    asked = {param for q in document["questions"] for param in q["params"]}
    assert asked == {answer.key for answer in schema.ANSWERS}, "every answer in the schema is a question on the page"
    assert {c["framework"] + "+" + c["server"] for c in document["combinations"]} == {
        f"{c.framework.key}+{c.server.key}" for c in matrix.combinations()
    }
    assert document["excluded"] == [
        {"framework": ex.framework, "server": ex.server, "reason": ex.reason} for ex in matrix.EXCLUSIONS
    ]
    assert document["defaults"]["framework"] == "flask" and document["defaults"]["server"] == "gunicorn"
    again = client.get("/metadata", headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == response.headers["etag"]
    by_accept = client.get("/", headers={"accept": METADATA_TYPE})
    assert by_accept.json() == document


def test_root_speaks_text_to_curl_and_html_to_browsers(client: httpx.Client, base: str) -> None:
    text = client.get("/", headers={"user-agent": "curl/8.5.0", "accept": "*/*"})
    assert text.headers["content-type"].startswith("text/plain")
    assert f"curl -G {base}/starter.tgz -d framework=flask | tar -xzf -" in text.text
    for param in ("framework", "server", "websocket", "http2", "kubernetes", "redis", "name"):
        assert f"\n  {param} " in text.text
    assert client.get("/", headers={"user-agent": "HTTPie/3.2"}).headers["content-type"].startswith("text/plain")
    assert client.get("/", headers={"accept": "text/plain"}).headers["content-type"].startswith("text/plain")
    page = client.get("/", headers={"user-agent": "Mozilla/5.0", "accept": "text/html,*/*"})
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "<script" in page.text and "//" not in page.text.split("<script", 1)[1].split(">", 1)[0], "no CDN"


def test_preview_holds_the_archive_files(client: httpx.Client) -> None:
    params = {"framework": "fastapi", "websocket": "true", "name": "chat"}
    preview = client.get("/preview", params=params).json()
    assert preview["folder"] == "chat" and preview["answers"]["server"] == "uvicorn"
    served = zip_tree(client.get("/starter.zip", params=params).content, "chat")
    files = {f["path"]: (f["text"].encode(), f["mode"]) for f in preview["files"]}
    assert files == {rel: entry for rel, entry in served.items() if entry[0] is not None}


def test_diff_shows_what_adding_websocket_changes(client: httpx.Client, tmp_path: Path) -> None:
    response = client.get("/diff", params={"framework": "fastapi", "websocket": "true",
                                           "from": urlencode({"framework": "fastapi"})})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/x-diff")
    assert "+++ b/my_service/main.py" in response.text
    assert '+app.add_api_websocket_route("/ws", echo)' in response.text
    # The diff applies: patch the old project into the new one.
    old = tgz_tree(client.get("/starter.tgz", params={"framework": "fastapi"}).content, "my-service")
    new = tgz_tree(client.get("/starter.tgz", params={"framework": "fastapi", "websocket": "true"}).content,
                   "my-service")
    for rel, (data, _) in old.items():
        if data is not None:
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_bytes(data)
    subprocess.run(["git", "apply", "-"], input=response.content, cwd=tmp_path, check=True)
    assert {rel: (tmp_path / rel).read_bytes() for rel, (d, _) in new.items() if d is not None} == {
        rel: d for rel, (d, _) in new.items() if d is not None
    }
    assert client.get("/diff", params={"framework": "fastapi"}).status_code == 400


def test_questions_disable_what_does_not_fit_with_the_reason(client: httpx.Client) -> None:
    state = client.get("/questions", params={"framework": "flask"}).json()
    by_id = {q["id"]: q for q in state["questions"]}
    websocket = next(c for c in by_id["capabilities"]["choices"] if c["value"] == {"websocket": True, "http2": False})
    assert websocket["fits"] is True, "earlier questions are judged without later answers"
    server = {c["value"]: c for c in by_id["server"]["choices"]}
    assert server["gunicorn"]["fits"] and not server["uvicorn"]["fits"]
    assert server["uvicorn"]["reason"].startswith("Flask is WSGI and Uvicorn serves only ASGI")
    assert by_id["redis"]["applies"] is False
    # A later answer an earlier one rules out is dropped, with the reason.
    state = client.get("/questions", params={"interface": "asgi", "framework": "flask"}).json()
    assert state["answers"] == {"interface": "asgi"} and state["dropped"][0]["question"] == "framework"
    assert state["settled"]["framework"] == "fastapi"


def test_the_python_question_offers_what_the_pair_runs_on(client: httpx.Client) -> None:
    state = client.get("/questions", params={"framework": "web2py", "python": "3.13"}).json()
    python = next(q for q in state["questions"] if q["id"] == "python")
    fits = {c["value"]: c["fits"] for c in python["choices"]}
    assert fits == {"3.13": False, "3.12": False, "3.11": True}
    assert "web2py runs on Python 3.11 only" in next(c["reason"] for c in python["choices"] if c["value"] == "3.13")
    assert state["dropped"] == [{"question": "python", "reason": python["choices"][0]["reason"]}]
    assert python["value"] == "3.11" and state["settled"]["python"] == "3.11"
    state = client.get("/questions", params={"framework": "flask", "python": "3.12"}).json()
    assert state["answers"]["python"] == "3.12" and state["settled"]["python"] == "3.12"
    pyproject = zip_tree(client.get("/starter.zip", params=state["answers"]).content, "my-service")["pyproject.toml"]
    assert b'requires-python = ">=3.12"' in pyproject[0]


def test_lock_true_gives_the_tree_new_writes_with_its_uv_lock(client: httpx.Client, tmp_path: Path) -> None:
    """``lock=true``: ``new`` without ``--no-lock``, uv.lock included, resolved at download time."""
    made = run_cli("new", "--no-input", "--framework", "flask", "--name", "locked", "-o", tmp_path, timeout=180)
    assert made.returncode == 0 and made.stderr == "", made.stderr
    response = client.get("/starter.tgz", params={"framework": "flask", "name": "locked", "lock": "true"},
                          timeout=120)
    assert response.status_code == 200 and "x-sgi-scaffold-note" not in response.headers
    served = tgz_tree(response.content, "locked")
    assert b'name = "gunicorn"' in served["uv.lock"][0]
    assert served == disk_tree(tmp_path / "locked"), "the archive is what new wrote, uv.lock included"
    unlocked = tgz_tree(client.get("/starter.tgz", params={"framework": "flask", "name": "locked"}).content, "locked")
    assert unlocked == {rel: entry for rel, entry in served.items() if rel != "uv.lock"}
    bad = client.get("/starter.zip", params={"lock": "maybe"})
    assert bad.status_code == 400 and bad.json() == {"error": "'lock' must be true or false, not 'maybe'"}
    for path, extra in (("/preview", {}), ("/questions", {}), ("/diff", {"from": "framework=flask"}),
                        ("/diff", {"from": "framework=flask&lock=true"})):
        params = {"framework": "flask", **extra} if "lock=true" in extra.get("from", "") else {
            "framework": "flask", "lock": "true", **extra}
        refused = client.get(path, params=params)
        assert refused.status_code == 400, (path, refused.text)
        assert refused.json() == {"error": "'lock' applies only to /starter.zip and /starter.tgz"}


def _workers(pid: int) -> list[int]:
    """The worker processes uvicorn spawned under ``pid`` (not multiprocessing's resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            spawned = b"spawn_main" in (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if parent == pid and spawned:
            found.append(int(stat.parent.name))
    return found


def test_workers_share_the_port_and_answer_keep_alive_requests_at_once(served: tuple[str, subprocess.Popen]) -> None:
    """``serve --workers 2``: two processes, and no ~40 ms Nagle wait on keep-alive requests (uvicorn#3149)."""
    base, process = served
    assert len(_workers(process.pid)) == WORKERS
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    took = []
    for _ in range(30):
        start = time.perf_counter()
        connection.request("GET", "/health")
        assert connection.getresponse().read() == b'{"status":"ok"}'
        took.append(time.perf_counter() - start)
    connection.close()
    assert statistics.median(took) < 0.030, f"median {statistics.median(took) * 1000:.1f} ms: Nagle is on"


def test_archives_are_well_formed_zip_and_tar(client: httpx.Client) -> None:
    body = client.get("/starter.zip").content
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    with tarfile.open(fileobj=io.BytesIO(client.get("/starter.tgz").content)) as tgz:
        assert all(m.uid == 0 and m.gid == 0 and not m.issym() for m in tgz.getmembers())


def test_the_cli_imports_no_web_stack_and_says_when_the_extra_is_missing() -> None:
    """``list`` and ``--help`` stay as quick as before; ``serve`` without the extra is a one-line error."""
    script = (
        "import sys, contextlib, io\n"
        "from generator import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['list', '--json'])\n"
        "assert not {'starlette', 'uvicorn', 'anyio'} & set(sys.modules), sorted(sys.modules)\n"
        "sys.modules['starlette'] = None  # as if the serve extra were not installed\n"
        "sys.exit(cli.main(['serve', '--port', '1']))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        "error: serve needs the serve extra (starlette is missing): pip install 'sgi-scaffold[serve]'\n"
    )


def test_a_trickled_body_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form body that does not arrive in time is refused (408) instead of holding the connection."""
    import anyio
    from starlette.requests import Request

    from generator.serve import params

    monkeypatch.setattr(params, "BODY_TIMEOUT", 0.2)

    async def trickle() -> dict:
        await anyio.sleep(5)
        return {"type": "http.request", "body": b"framework=flask", "more_body": False}

    scope = {"type": "http", "method": "POST", "query_string": b"", "path": "/starter.zip",
             "headers": [(b"content-type", b"application/x-www-form-urlencoded")]}

    async def read() -> None:
        with pytest.raises(params.BadRequest) as refused:
            await params.answers(Request(scope, trickle))
        assert refused.value.status == 408

    anyio.run(read)
