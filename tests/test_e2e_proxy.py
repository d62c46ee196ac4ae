"""The generated nginx config (compose's proxy) in front of a real server: HTTP and WebSocket pass through.

Docker is not available here, so nginx from the system runs the rendered
template with the values compose would give it, pointing at the app started
as its Dockerfile starts it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from . import projects

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (.ci/run installs nginx-light)"),
]


def nginx_config(project: Path, work: Path, upstream: str, port: int) -> Path:
    template = (project / "deploy" / "nginx" / "default.conf.template").read_text()
    site = template.replace("${UPSTREAM}", upstream).replace("${NGINX_RESOLVER}", "127.0.0.1")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    (work / "default.conf").write_text(site)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {work / kind};" for kind in kinds)
    (work / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {work / 'nginx.pid'};\nerror_log stderr;\nworker_processes 1;\n"
        f"events {{}}\nhttp {{\n    access_log off;\n{temp}\n    include {work / 'default.conf'};\n}}\n"
    )
    return work / "nginx.conf"


def test_websocket_and_http_through_the_generated_proxy(tmp_path: Path) -> None:
    project = projects.generate(tmp_path, "proxied", ["--framework", "fastapi", "--server", "uvicorn", "--websocket"])
    venv = tmp_path / "venv"
    projects.install(project, venv)
    with projects.serving(projects.dockerfile_cmd(project), project, venv, tmp_path / "app.log") as upstream:
        port = projects.free_port()
        config = nginx_config(project, tmp_path, upstream, port)
        proxy = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(config)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
                    break
                except httpx.TransportError:
                    assert proxy.poll() is None, proxy.stderr.read().decode()
                    assert time.monotonic() < deadline, "nginx did not answer"
                    time.sleep(0.1)
            assert health.status_code == 200 and health.json() == {"status": "ok"}
            with connect(f"ws://127.0.0.1:{port}/ws", open_timeout=10) as ws:
                for message in ("through nginx", b"\x00binary\xff"):
                    ws.send(message)
                    assert ws.recv(timeout=10) == message
                time.sleep(1.5)  # the upgraded connection stays open while idle
                ws.send("still open")
                assert ws.recv(timeout=10) == "still open"
            assert ws.close_code == 1000
        finally:
            projects.stop(proxy)
