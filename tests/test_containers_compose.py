"""compose.yaml as shipped, scaled out: a WSGI pair, an ASGI pair with WebSocket, Channels on Redis.

podman-compose runs the generated compose.yaml (the app image is built by its own Dockerfile
first, so that its HEALTHCHECK is kept), scaled to three replicas behind the generated nginx
proxy. Requests and WebSocket connections through the proxy reach more than one replica (each
replica's access log says which); Channels' Redis layer carries a message from one replica to
another; scaling down to one replica while requests keep coming loses none of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
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

#: One WSGI pair, one ASGI pair with WebSocket, Channels with its channel layer on Redis.
REPRESENTATIVE = {
    "flask-gunicorn": ["--framework", "flask", "--server", "gunicorn"],
    "fastapi-uvicorn-ws": ["--framework", "fastapi", "--server", "uvicorn", "--websocket"],
    "channels-daphne-redis": ["--framework", "channels", "--server", "daphne", "--websocket", "--redis"],
}
#: Open defects, each with its reason (issue 14's note).
KNOWN = {"channels-daphne-redis": "on the Python 3.13 stand-in the channel layer's Redis check timed out (issue 14)"}
REPLICAS = 3

LAYER = """
import asyncio, sys
from channels.layers import get_channel_layer
layer = get_channel_layer()
if sys.argv[1] == "send":
    asyncio.run(layer.send("replica-check", {"type": "check", "text": "from another replica"}))
else:
    print(asyncio.run(asyncio.wait_for(layer.receive("replica-check"), 10))["text"])
"""


def compose(project: Path, port: int, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """podman-compose on the project's compose.yaml, publishing the proxy on ``port`` (compose's $PORT)."""
    done = subprocess.run([sys.executable, "-m", "podman_compose", "-f", "compose.yaml", *args], cwd=project,
                          env={**engine.ENV, "PORT": str(port)}, capture_output=True,
                          text=True, timeout=300, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 or not check, (
        f"podman-compose {' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def replicas(slug: str) -> list[str]:
    out = engine.podman("ps", "--filter", f"label=com.docker.compose.project={slug}",
                        "--filter", "label=com.docker.compose.service=web", "--format", "{{.Names}}").stdout
    return sorted(out.split())


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
    engine.build(project, f"{slug}:latest")
    try:
        compose(project, port, "up", "--detach", "--no-build", "--scale", f"web={REPLICAS}")
        url = f"http://127.0.0.1:{port}"
        # Every replica healthy by its own HEALTHCHECK (podman runs it on request: no systemd timers here).
        deadline = time.monotonic() + 60
        for name in replicas(slug):
            while engine.podman("healthcheck", "run", name, check=False).returncode != 0:
                assert time.monotonic() < deadline, f"{name} did not turn healthy within 60 s"
                time.sleep(0.3)
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
        compose(project, port, "down", "--timeout", "5", check=False)
        left = engine.podman("ps", "--all", "--quiet", "--filter", f"label=com.docker.compose.project={slug}",
                             check=False).stdout.split()
        if left:
            engine.podman("rm", "--force", *left, check=False)
        engine.podman("network", "rm", "--force", f"{slug}_default", check=False)
        engine.remove_image(f"{slug}:latest")


@pytest.mark.xdist_group("compose")
def test_compose_scales_out_and_in(stack: tuple[str, Path, str]) -> None:
    key, project, url = stack
    names = replicas(project.name)
    assert len(names) == REPLICAS, names

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
        env = ["--env", f"DJANGO_SETTINGS_MODULE={project.name.replace('-', '_')}.settings"]
        engine.podman("exec", *env, names[0], "python", "-c", LAYER, "send")
        received = engine.podman("exec", *env, names[1], "python", "-c", LAYER, "receive")
        assert received.stdout.strip() == "from another replica"
        report["redis"] = f"{names[0]} -> {names[1]}"

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
