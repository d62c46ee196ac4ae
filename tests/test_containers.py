"""Every combination's image, built by its own Dockerfile and run as its Kubernetes Deployment says.

For each pair `list --json` reports (with every capability it claims): generate it with
``--kubernetes``, build the image (rootful podman; base images are the stand-ins of
tests/containers/setup.sh), run it with the Deployment's user, read-only root, only its volumes
writable, all capabilities dropped, no new privileges and its env, and ask /health the way the
kubelet does (``Host: <pod IP>:8000``). Then the image's own HEALTHCHECK inside the container,
WebSocket and HTTP/2 where claimed, a stop with the Deployment's grace period (exit code 0), and a
log with no error or warning in it. Each result is one row of the table printed at the end.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from . import projects
from .containers import engine
from .projects import pair_id

pytestmark = [pytest.mark.e2e, pytest.mark.containers]

REASON = engine.unavailable()
if REASON:
    print(f"container tests skipped: {REASON}")
    pytestmark.append(pytest.mark.skip(reason=REASON))

ALL_COMBINATIONS = projects.listed()


def _sample(combos: list[dict]) -> list[dict]:
    """Every framework (on each interface it has) and every server at least once, in matrix order.

    Every image in one CI run took 20-40 s a test under CI's load (builds take turns), about 8 minutes
    more than CI's 20 can give beside the rest on two cores; ``SGI_CONTAINERS=all`` builds every one.
    """
    chosen: list[dict] = []
    for server in dict.fromkeys(c["server"] for c in combos):
        chosen.append(next(c for c in combos if c["server"] == server))
    covered = {(c["framework"], c["interface"]) for c in chosen}
    for combo in sorted(combos, key=lambda c: bool(c["beta"])):  # a framework's stable server first
        if (combo["framework"], combo["interface"]) not in covered:
            chosen.append(combo)
            covered.add((combo["framework"], combo["interface"]))
    return chosen


COMBINATIONS = ALL_COMBINATIONS if os.environ.get("SGI_CONTAINERS") == "all" else _sample(ALL_COMBINATIONS)


#: Static pod IPs on podman's default network (10.88.0.0/16), clear of the ones it hands out.
SUBNET = "10.88.77"


def _flags(combo: dict) -> list[str]:
    return ["--framework", combo["framework"], "--server", combo["server"], "--interface", combo["interface"],
            "--kubernetes",
            "--websocket" if combo["websocket"] else "--no-websocket",
            "--http2" if combo["http2"] else "--no-http2"]


def _http2(ip: str) -> None:
    out = subprocess.run(["curl", "--silent", "--show-error", "--http2-prior-knowledge", "--max-time", "10",
                          "--write-out", "\n%{http_version}", f"http://{ip}:8000/health"],
                         check=False, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    body, version = out.stdout.rsplit("\n", 1)
    assert version == "2" and json.loads(body) == {"status": "ok"}


#: Each image is built on the test process that serves the same pair in tests/test_e2e.py (the same
#: xdist group), so that image builds, which take turns (engine.images_locked), spread over the run
#: between the end-to-end tests instead of queueing at its start.
@pytest.mark.parametrize(
    "combo", [pytest.param(c, marks=pytest.mark.xdist_group(pair_id(c))) for c in COMBINATIONS],
    ids=[pair_id(c) for c in COMBINATIONS],
)
def test_image_runs_as_the_deployment_says(combo: dict, tmp_path: Path) -> None:
    name = pair_id(combo)
    project = projects.generate(tmp_path, "k8s-app", _flags(combo))
    assert (project / "uv.lock").is_file()
    built = engine.build(project, f"localhost/sgi-e2e/{name}:test")
    pod = engine.deployment_pod(project)
    ip = f"{SUBNET}.{COMBINATIONS.index(combo) + 10}"
    running = engine.run(built.tag, pod.run_options(ip), f"sgi-e2e-{name}")
    row = {"combination": name, "build_s": round(built.seconds, 1), "image_mb": round(built.megabytes),
           "app_mb": round(built.app_megabytes)}
    try:
        row["healthy_s"] = round(engine.wait_healthy(running), 2)
        assert httpx.get(f"http://{ip}:8000/hello/World", timeout=5).json() == {"message": "Hello, World!"}
        # uv stayed in the build stage; the dependencies and the code were compiled there.
        inside = engine.podman("exec", running.cid, "sh", "-c",
                               "if command -v uv uvx; then exit 3; fi; ls /app/k8s_app/__pycache__/*.pyc"
                               " /app/.venv/lib/python3*/site-packages/*/__pycache__/*.pyc >/dev/null", check=False)
        assert inside.returncode != 3, f"uv is in the runtime image: {inside.stdout}"
        assert inside.returncode == 0, f"no bytecode in the image: {inside.stderr}"
        check = engine.podman("healthcheck", "run", running.cid, check=False)
        assert check.returncode == 0, f"HEALTHCHECK failed: {check.stdout}{check.stderr}"
        claims = []
        if combo["websocket"]:
            with connect(f"ws://{ip}:8000/ws", open_timeout=10) as ws:
                ws.send("through the container ✓")
                assert ws.recv(timeout=10) == "through the container ✓"
            claims.append("WS ok")
        if combo["http2"]:
            _http2(ip)
            claims.append("h2c ok")
        row["claims"] = ", ".join(claims) or "-"
        code, seconds = engine.stop(running.cid, pod.grace)
        row.update(exit=code, stop_s=round(seconds, 1))
        log = engine.logs(running.cid)
        row["log_lines"], bad = len(log.splitlines()), engine.complaints(log)
        row["clean"], row["complaints"] = not bad, bad[:3]
        assert code == 0, f"exit code {code} after SIGTERM:\n{log}"
        assert not bad, "the log reports problems:\n" + "\n".join(bad)
    finally:
        engine.record(row)
        engine.podman("rm", "--force", running.cid, check=False)
        engine.remove_image(built.tag)


@pytest.mark.xdist_group("image-lock")
def test_image_build_refuses_a_stale_lock_and_resolves_without_one(tmp_path: Path) -> None:
    """A range changed without `uv lock`: the build stops with uv's message. With --no-lock: it resolves."""
    stale = projects.generate(tmp_path / "stale", "locked", ["--framework", "flask", "--server", "gunicorn"])
    pyproject = stale / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"flask>=3.1,<4"', '"flask>=3.0,<4"'))
    with engine.images_locked():
        refused = engine.podman("build", "--format", "docker", "--tag", "localhost/sgi-e2e/stale:test", stale,
                                check=False, timeout=600)
    assert refused.returncode != 0
    message = "The lockfile at `uv.lock` needs to be updated, but `--locked` was provided"
    assert message in refused.stderr + refused.stdout

    unlocked = projects.generate(tmp_path / "unlocked", "unlocked",
                                 ["--framework", "flask", "--server", "gunicorn", "--no-lock"])
    assert not (unlocked / "uv.lock").exists()
    built = engine.build(unlocked, "localhost/sgi-e2e/unlocked:test")
    running = engine.run(built.tag, ["--read-only"], "sgi-e2e-unlocked")
    try:
        engine.wait_healthy(running)
    finally:
        engine.podman("rm", "--force", running.cid, check=False)
        engine.remove_image(built.tag)
