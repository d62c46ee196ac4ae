"""Django Channels with --redis against a real Redis: the channel layer is shared between processes.

compose.yaml runs Redis next to the replicas; here redis-server from the system
stands in for it. The project's own tests run with REDIS_URL set (so its layer
test goes through Redis), the Dockerfile's CMD serves with it, and a message
sent on the layer by one process is received by another, which the default
in-memory layer cannot do.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from websockets.sync.client import connect

from . import projects

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("redis-server") is None,
                       reason="redis-server is not installed (.ci/run installs it)"),
]

LAYER = """
import asyncio, sys
from channels.layers import get_channel_layer
layer = get_channel_layer()
if sys.argv[1] == "send":
    asyncio.run(layer.send("e2e-check", {"type": "check", "text": "across processes"}))
else:
    print(asyncio.run(asyncio.wait_for(layer.receive("e2e-check"), 10))["text"])
"""


def start_redis(work: Path) -> tuple[subprocess.Popen, str]:
    port = projects.free_port()
    redis = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(work)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 10
    try:
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], check=False, capture_output=True,
                             text=True).stdout.strip() != "PONG":
            assert redis.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
    except BaseException:
        projects.stop(redis)
        raise
    return redis, f"redis://127.0.0.1:{port}/0"


def test_channels_on_a_real_redis(tmp_path: Path) -> None:
    project = projects.generate(tmp_path, "chat", ["--framework", "channels", "--websocket", "--redis"])
    venv = tmp_path / "venv"
    python = projects.install(project, venv)
    redis, url = start_redis(tmp_path)
    try:
        tests = projects.run_own_tests(project, python, REDIS_URL=url)
        assert tests.returncode == 0, tests.stdout + tests.stderr

        # One process leaves a message on the layer and exits; another picks it up.
        env = projects.venv_env(venv, REDIS_URL=url, DJANGO_SETTINGS_MODULE="chat.settings")
        for role in ("send", "receive"):
            done = subprocess.run([python, "-c", LAYER, role], cwd=project, env=env, check=False,
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "across processes"

        with projects.serving(projects.dockerfile_cmd(project), project, venv, tmp_path / "app.log",
                              REDIS_URL=url) as address, connect(f"ws://{address}/ws", open_timeout=10) as ws:
            ws.send("through a Redis-backed app")
            assert ws.recv(timeout=10) == "through a Redis-backed app"
    finally:
        projects.stop(redis)
