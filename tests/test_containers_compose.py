"""compose.yaml as shipped, scaled out: a WSGI pair, an ASGI pair with WebSocket on PostgreSQL, Channels
on Redis.

podman-compose runs the generated compose.yaml (the app image is built by its own Dockerfile
first, so that its HEALTHCHECK is kept), scaled to three replicas behind the generated nginx
proxy. Requests and WebSocket connections through the proxy reach more than one replica (each
replica's access log says which); Channels' Redis layer carries a message from one replica to
another; scaling down to one replica while requests keep coming loses none of them. On PostgreSQL the
database turns healthy, the one-off migrate service runs once and has exited 0 before any web replica
starts, and items POSTed through one replica are listed by every other.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import yaml
from websockets.sync.client import connect

from . import projects
from .containers import engine

pytestmark = [pytest.mark.e2e, pytest.mark.containers]

REASON = engine.unavailable()
if REASON:
    print(f"compose tests skipped: {REASON}")
    pytestmark.append(pytest.mark.skip(reason=REASON))

#: One WSGI pair, one ASGI pair with WebSocket (on PostgreSQL, the others on the default SQLite),
#: Channels with its channel layer on Redis.
REPRESENTATIVE = {
    "flask-gunicorn": ["--framework", "flask", "--server", "gunicorn"],
    "fastapi-uvicorn-ws-postgres": ["--framework", "fastapi", "--server", "uvicorn", "--websocket",
                                    "--database", "postgres"],
    "channels-daphne-redis": ["--framework", "channels", "--server", "daphne", "--websocket", "--redis"],
}
#: Stacks also run with compose's observability profile: Prometheus scraping every replica.
OBSERVED = {"flask-gunicorn"}
#: Open defects, each with its reason (issue 14's note).
KNOWN: dict[str, str] = {}
REPLICAS = 3

LAYER = """
import asyncio, sys
from channels.layers import get_channel_layer
layer = get_channel_layer()
if sys.argv[1] == "send":
    asyncio.run(layer.send("replica-check", {"type": "check", "text": "from another replica"}))
else:
    print(asyncio.run(asyncio.wait_for(layer.receive("replica-check"), 30))["text"])
"""


def compose(project: Path, port: int, *args: str, check: bool = True,
            prometheus_port: int | None = None) -> subprocess.CompletedProcess:
    """podman-compose on the project's compose.yaml, publishing the proxy on ``port`` (compose's $PORT)
    and, with ``prometheus_port``, running the observability profile's Prometheus there."""
    profile = ["--profile", "observability"] if prometheus_port else []
    env = {**engine.ENV, "PORT": str(port), "PROMETHEUS_PORT": str(prometheus_port or 0)}
    done = subprocess.run([sys.executable, "-m", "podman_compose", "-f", "compose.yaml", *profile, *args],
                          cwd=project, env=env, capture_output=True,
                          text=True, timeout=300, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 or not check, (
        f"podman-compose {' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def replicas(slug: str, service: str = "web", *flags: str) -> list[str]:
    out = engine.podman("ps", *flags, "--filter", f"label=com.docker.compose.project={slug}",
                        "--filter", f"label=com.docker.compose.service={service}", "--format", "{{.Names}}").stdout
    return sorted(out.split())


def _postgres(flags: list[str]) -> bool:
    return "postgres" in flags


def wait_healthy(names: list[str], deadline: float) -> None:
    """Each container healthy by its HEALTHCHECK (podman runs it on request: no systemd timers here)."""
    for name in names:
        while engine.podman("healthcheck", "run", name, check=False).returncode != 0:
            assert time.monotonic() < deadline, f"{name} did not turn healthy in time"
            time.sleep(0.3)


def podman_db_tmpfs(project: Path) -> None:
    """Podman 4.3 under read_only mounts its own tmpfs on /run and gives a tmpfs at /var/run/postgresql
    below it mode 1755 owned by root (any mode= asked is ignored), where the server, run as postgres,
    cannot put its socket; Docker's tmpfs is 1777. Without that line podman's /run copy keeps the image's
    postgres-owned folder: the stack is otherwise as shipped."""
    compose_file = project / "compose.yaml"
    text = compose_file.read_text()
    assert "tmpfs: [/var/run/postgresql, /tmp]" in text
    compose_file.write_text(text.replace("tmpfs: [/var/run/postgresql, /tmp]", "tmpfs: [/tmp]"))


#: What the database steps before the replicas took, by stack: the PostgreSQL stack's added time.
_DATA_SECONDS: dict[str, float] = {}


def up_in_dependency_order(project: Path, port: int, prometheus: int | None) -> None:
    """What `compose up --scale web=N` does with compose.yaml's depends_on, one step at a time: podman-compose
    1.6 on podman 4.3 cannot. It skips `condition: service_healthy` (podman < 4.6 has no wait for it), and
    its --requires makes podman start the exited migrate container again with every replica (and refuse
    to, "depends on container ... not found in input list", where migrate requires the running db). So:
    db (started before the image was built), until healthy; migrate, until it exits; then the replicas and
    the proxy without --requires."""
    slug = project.name
    started = time.monotonic()
    wait_healthy(replicas(slug, "db"), time.monotonic() + 60)
    compose(project, port, "up", "--detach", "--no-build", "--no-deps", "migrate")
    engine.podman("wait", *replicas(slug, "migrate", "--all"), timeout=120)
    _DATA_SECONDS[slug] += time.monotonic() - started
    compose(project, port, "up", "--detach", "--no-build", "--no-deps", "--scale", f"web={REPLICAS}", "web", "proxy",
            prometheus_port=prometheus)


def _time(stamp: str) -> datetime:
    """podman's RFC 3339 times, nanoseconds cut to what Python reads."""
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", stamp).replace("Z", "+00:00"))


def _in_replica(name: str, method: str, body: dict | None = None) -> object:
    """/items asked from inside replica ``name`` (its own port 8000), not through the proxy."""
    script = ("import json, sys, urllib.request as u; d = sys.argv[2].encode() or None; r = u.urlopen(u.Request("
              "'http://127.0.0.1:8000/items', d, {'Content-Type': 'application/json'}, method=sys.argv[1]), "
              "timeout=10); print(r.status, r.read().decode())")
    done = engine.podman("exec", name, "python", "-c", script, method, json.dumps(body) if body else "")
    status, text = done.stdout.split(" ", 1)
    assert status == ("201" if method == "POST" else "200"), done.stdout
    return json.loads(text)


def shared_data(project: Path, names: list[str]) -> dict[str, object]:
    """PostgreSQL healthy; migrate ran once (one container, exit 0, one Alembic upgrade in its log)
    and had finished before every web replica started; an item POSTed through each replica is listed
    by every replica."""
    slug = project.name
    db = replicas(slug, "db")
    assert len(db) == 1 and engine.podman("healthcheck", "run", db[0], check=False).returncode == 0, db
    migrate = replicas(slug, "migrate", "--all")
    assert len(migrate) == 1, migrate
    state = json.loads(engine.podman("inspect", migrate[0]).stdout)[0]["State"]
    assert state["Status"] == "exited" and state["ExitCode"] == 0, state
    upgrades = engine.logs(migrate[0]).count("Running upgrade")
    assert upgrades == 1, engine.logs(migrate[0])[-2000:]
    finished = _time(state["FinishedAt"])
    started = {name: _time(json.loads(engine.podman("inspect", name).stdout)[0]["State"]["StartedAt"])
               for name in names}
    assert all(when > finished for when in started.values()), (finished, started)
    for name in names:
        _in_replica(name, "POST", {"name": f"from {name}"})
    listed = {name: sorted(item["name"] for item in _in_replica(name, "GET")) for name in names}  # type: ignore[union-attr]
    assert all(seen == sorted(f"from {n}" for n in names) for seen in listed.values()), listed
    return {"migrate": f"1 run, exit 0, done {min(started.values()) - finished} before the first replica",
            "items_seen_by_every_replica": len(names)}


def assert_hardened(project: Path) -> None:
    """Every running service as compose.yaml hardens it: read-only root, capabilities dropped but those
    it adds back, no privilege escalation, CPU and memory limits (compose-lint reads the file; this
    checks the engine applied it)."""
    services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
    ids = engine.podman("ps", "--quiet", "--filter", f"label=com.docker.compose.project={project.name}").stdout.split()
    seen = set()
    for info in json.loads(engine.podman("inspect", *ids).stdout):
        name = info["Config"]["Labels"]["com.docker.compose.service"]
        spec, host = services[name], info["HostConfig"]
        limits = spec["deploy"]["resources"]["limits"]
        assert host["ReadonlyRootfs"] is True, name
        assert "no-new-privileges" in " ".join(host["SecurityOpt"]), (name, host["SecurityOpt"])
        assert set(info["EffectiveCaps"] or []) == {f"CAP_{cap}" for cap in spec.get("cap_add", [])}, name
        assert host["NanoCpus"] == int(float(limits["cpus"]) * 1e9) or host["CpuQuota"] == int(
            float(limits["cpus"]) * host["CpuPeriod"]), (name, host["NanoCpus"], host["CpuQuota"])
        assert host["Memory"] == int(limits["memory"].rstrip("M")) * 2**20, (name, host["Memory"])
        seen.add(name)
    assert {"web", "proxy"} <= seen, seen


def scraped(project: Path, replicas: int) -> str:
    """The observability profile's Prometheus finds every replica by compose's DNS name and scrapes
    the requests each answered; returns what it saw."""
    ids = engine.podman("ps", "--quiet", "--filter", f"label=com.docker.compose.project={project.name}",
                        "--filter", "label=com.docker.compose.service=prometheus").stdout.split()
    assert len(ids) == 1, "the observability profile did not start Prometheus"
    published = json.loads(engine.podman("inspect", ids[0]).stdout)[0]["HostConfig"]["PortBindings"]["9090/tcp"]
    api = f"http://127.0.0.1:{published[0]['HostPort']}/api/v1"

    def query(promql: str) -> float:
        try:
            result = httpx.get(f"{api}/query", params={"query": promql}, timeout=5).json()["data"]["result"]
        except (httpx.TransportError, KeyError, ValueError):
            return 0.0
        return float(result[0]["value"][1]) if result else 0.0

    deadline = time.monotonic() + 60  # the first scrape comes within one 15 s interval
    while (up := query("count(up == 1)")) < replicas or query("sum(http_requests_total)") == 0:
        assert time.monotonic() < deadline, f"Prometheus saw {up:.0f} of {replicas} replicas up"
        time.sleep(1)
    return f"{up:.0f} replicas up, {query('sum(http_requests_total)'):.0f} requests counted"


def hits(names: list[str], marker: str) -> dict[str, int]:
    """How many lines of each replica's log mention ``marker`` (its access log)."""
    return {name: engine.logs(name).count(marker) for name in names}


@pytest.fixture(params=[pytest.param(key, marks=[pytest.mark.xfail(reason=KNOWN[key], strict=False)] if key in KNOWN
                                      else []) for key in REPRESENTATIVE], ids=list(REPRESENTATIVE))
def stack(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """The project's compose stack, up with REPLICAS web replicas; yields (key, project, proxy URL)."""
    key = request.param
    port = projects.free_port()
    project = projects.generate(tmp_path, f"compose-{key.split('-')[0]}", REPRESENTATIVE[key])
    slug = project.name
    image = yaml.safe_load((project / "compose.yaml").read_text())["services"]["web"]["image"]
    prometheus = projects.free_port() if key in OBSERVED else None
    try:
        if _postgres(REPRESENTATIVE[key]):
            podman_db_tmpfs(project)
            started = time.monotonic()
            compose(project, port, "up", "--detach", "--no-build", "db")  # it initialises while the image builds
            _DATA_SECONDS[slug] = time.monotonic() - started
        engine.build(project, image)
        if _postgres(REPRESENTATIVE[key]):
            up_in_dependency_order(project, port, prometheus)
        else:
            compose(project, port, "up", "--detach", "--no-build", "--scale", f"web={REPLICAS}",
                    prometheus_port=prometheus)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        wait_healthy(replicas(slug), deadline)
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the proxy did not answer /health within 60 s"
            time.sleep(0.3)
        yield key, project, url
    finally:
        compose(project, port, "down", "--timeout", "5", check=False, prometheus_port=prometheus)
        left = engine.podman("ps", "--all", "--quiet", "--filter", f"label=com.docker.compose.project={slug}",
                             check=False).stdout.split()
        if left:
            engine.podman("rm", "--force", *left, check=False)
        engine.podman("network", "rm", "--force", f"{slug}_default", check=False)
        engine.podman("volume", "rm", "--force", f"{slug}_pgdata", f"{slug}_data", check=False)
        engine.remove_image(image)


@pytest.mark.xdist_group("compose")
def test_compose_scales_out_and_in(stack: tuple[str, Path, str]) -> None:
    key, project, url = stack
    names = replicas(project.name)
    assert len(names) == REPLICAS, names
    assert_hardened(project)

    for n in range(30):
        assert httpx.get(f"{url}/hello/n{n}", timeout=10).json() == {"message": f"Hello, n{n}!"}
    spread = hits(names, "/hello/n")
    assert sum(1 for count in spread.values() if count) >= 2, f"requests did not spread: {spread}"
    report = {"stack": key, "requests_per_replica": list(spread.values())}

    if "--websocket" in REPRESENTATIVE[key]:
        before = hits(names, "/ws")
        for n in range(9):
            with connect(url.replace("http", "ws") + "/ws", open_timeout=10) as ws:
                ws.send(f"message {n}")
                assert ws.recv(timeout=10) == f"message {n}"
        after = hits(names, "/ws")
        ws_spread = {name: after[name] - before[name] for name in names}
        assert sum(1 for count in ws_spread.values() if count) >= 2, f"WebSockets did not spread: {ws_spread}"
        report["websocket_log_lines_per_replica"] = list(ws_spread.values())

    if "--redis" in REPRESENTATIVE[key]:
        # The layer is Redis pub/sub: a message reaches only a receiver already subscribed, so one
        # replica listens while another sends until it has heard.
        env = ["--env", f"DJANGO_SETTINGS_MODULE={project.name.replace('-', '_')}.settings"]
        receiver = subprocess.Popen(["podman", "exec", *env, names[1], "python", "-c", LAYER, "receive"],
                                    env=engine.ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            while receiver.poll() is None:
                engine.podman("exec", *env, names[0], "python", "-c", LAYER, "send")
            out, err = receiver.communicate()
        finally:
            receiver.kill()
        assert out.strip() == "from another replica", err[-2000:]
        report["redis"] = f"{names[0]} -> {names[1]}"

    if key in OBSERVED:
        report["prometheus"] = scraped(project, len(names))

    if _postgres(REPRESENTATIVE[key]):
        checked = time.monotonic()
        shared = shared_data(project, names)
        report["postgres"] = {**shared, "seconds": {"db_healthy_and_migrated": round(_DATA_SECONDS[project.name], 1),
                                                    "checks": round(time.monotonic() - checked, 1)}}

    # Scale in while a client keeps asking: nothing it sends may be lost.
    answers: list[int | str] = []
    done = threading.Event()

    def client() -> None:
        while not done.is_set():
            try:
                answers.append(httpx.get(f"{url}/hello/scale", timeout=15).status_code)
            except httpx.HTTPError as err:
                answers.append(repr(err))
            time.sleep(0.02)

    thread = threading.Thread(target=client)
    thread.start()
    try:
        time.sleep(1)
        # What `compose up --scale web=1` does (podman-compose does not scale in): stop the extra
        # replicas with the stop_grace_period compose.yaml gives them.
        grace = yaml.safe_load((project / "compose.yaml").read_text())["services"]["web"]["stop_grace_period"]
        started = time.monotonic()
        engine.podman("stop", "--time", grace.removesuffix("s"), *names[1:], timeout=120)
        report["scale_in_s"] = round(time.monotonic() - started, 1)
        time.sleep(12)  # past nginx's 10 s DNS cache: the vanished replicas drop out of its answers
    finally:
        done.set()
        thread.join()
    lost = [answer for answer in answers if answer != 200]
    report.update(requests_while_scaling=len(answers), lost=len(lost))
    print(json.dumps(report))
    assert len(replicas(project.name)) == 1
    assert not lost, f"{len(lost)} of {len(answers)} requests failed while scaling in: {lost[:5]}"
