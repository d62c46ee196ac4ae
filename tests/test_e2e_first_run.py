"""A newcomer's first run: the generated README's local command, no environment set.

It must print no warnings, write nothing into the user's home, listen on the
loopback address only (the image sets HOST=0.0.0.0 for the container), and
answer ``GET /`` with the service's routes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from generator import context
from generator.answers import Answers, Defaults, settle

from .projects import free_port, generate, install, stop, wait_for_health

pytestmark = pytest.mark.e2e

CASES = {
    "django-gunicorn": ["--framework", "django", "--server", "gunicorn"],
    "fastapi-uvicorn": ["--framework", "fastapi", "--server", "uvicorn", "--websocket"],
}


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port``, read from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").is_file(), reason="reads listening sockets from Linux's /proc/net/tcp")
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_first_local_run_is_clean(case: str, tmp_path: Path) -> None:
    flags = CASES[case]
    project = generate(tmp_path, "first", flags)
    venv = tmp_path / "venv"
    install(project, venv)
    framework, server = flags[1], flags[3]
    selection = settle(Answers(framework=framework, server=server, name="first", websocket="--websocket" in flags),
                       Defaults())
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("HOST", "XDG_RUNTIME_DIR", "VIRTUAL_ENV")}
    env.update(HOME=str(home), PORT=str(port), WEB_CONCURRENCY="2",
               PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}")
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        # The README's `uv run <command>`, in the project's own environment.
        proc = subprocess.Popen(["sh", "-c", f"exec {context.start_command(selection)}"], cwd=project, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_health(f"127.0.0.1:{port}", proc)
            routes = httpx.get(f"http://127.0.0.1:{port}/", timeout=5).json()
            assert routes["health"] == "/health"
            assert _listening_addresses(port) == {"0100007F"}, "not on the loopback address only"
        finally:
            stop(proc)
    output = log.read_text(errors="replace")
    noisy = [line for line in output.splitlines() if "warn" in line.lower() or "No directory at" in line]
    assert not noisy, "\n".join(noisy)
    assert list(home.iterdir()) == [], f"the server wrote into the home folder: {list(home.iterdir())}"
    assert "HOST=0.0.0.0" in (project / "Dockerfile").read_text()
