"""Worker counts come from the container's CPU limit: cpu_limit.py read against fake cgroup files,
and every server's start command or config sizing its workers with it."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator import matrix

from . import projects

#: The first framework each server runs, for a project to read its start command and config from.
PAIRS = {combo.server.key: combo.framework.key for combo in reversed(matrix.combinations())}


def _load(path: Path, name: str) -> ModuleType:
    """A server config, run in this test process; what it sets in os.environ for the server's workers
    (gunicorn.conf.py's SERVER_MASTER_PID) is taken back, or every project tested later from this
    process would share one metrics folder (their own tests then counted each other's requests)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    environ = dict(os.environ)
    try:
        spec.loader.exec_module(module)
    finally:
        os.environ.clear()
        os.environ.update(environ)
    return module


def _one_cpu(root: Path, version: int) -> Path:
    """A cgroup folder limiting its processes to one CPU (v2: cpu.max; v1: the cpu controller's quota)."""
    if version == 2:
        (root / "cpu.max").parent.mkdir(parents=True, exist_ok=True)
        (root / "cpu.max").write_text("100000 100000\n")
    else:
        (root / "cpu").mkdir(parents=True)
        (root / "cpu" / "cpu.cfs_quota_us").write_text("150000\n")  # 1.5 CPUs: rounded up to 2
        (root / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("cpu")
    return {srv: projects.generate(out, f"cpu-{srv}", ["--framework", fw, "--server", srv])
            for srv, fw in PAIRS.items()}


def test_cpus_reads_the_cgroup_quota(generated: dict[str, Path], tmp_path: Path) -> None:
    cpu_limit = _load(generated["gunicorn"] / "cpu_limit.py", "cpu_limit")
    cores = len(os.sched_getaffinity(0))
    assert cpu_limit.cpus(_one_cpu(tmp_path / "v2", 2)) == 1
    assert cpu_limit.cpus(_one_cpu(tmp_path / "v1", 1)) == min(2, cores)
    (tmp_path / "none").mkdir()
    assert cpu_limit.cpus(tmp_path / "none") == cores  # no cgroup files: the cores it may run on
    (tmp_path / "max").mkdir()
    (tmp_path / "max" / "cpu.max").write_text("max 100000\n")
    assert cpu_limit.cpus(tmp_path / "max") == cores


def _workers(project: Path, srv: matrix.Server, fake: Path) -> str:
    """What the server starts in a one-CPU cgroup without WEB_CONCURRENCY: its config or start command, run
    with cpu_limit.py pointed at ``fake``."""
    limit = project / "cpu_limit.py"
    limit.write_text(limit.read_text().replace('Path("/sys/fs/cgroup")', f"Path({str(fake)!r})"))
    env = {k: v for k, v in os.environ.items() if k != "WEB_CONCURRENCY"}
    if srv.config == "gunicorn.conf.py":
        sys.path.insert(0, str(project))
        try:
            sys.modules.pop("cpu_limit", None)
            conf = _load(project / "gunicorn.conf.py", "gunicorn_conf")
        finally:
            sys.path.remove(str(project))
            sys.modules.pop("cpu_limit", None)
        threads = getattr(conf, "threads", None)  # ASGI workers have none
        return f"{conf.workers} workers" + (f" x {threads} threads" if threads else "")
    if srv.config == "hypercorn.conf.py":
        workers = _load(project / "hypercorn.conf.py", "hypercorn_conf").workers
        return "1 process (no manager)" if workers == 0 else f"{workers} workers"  # 0: Hypercorn serves itself
    if srv.config == "uwsgi.ini":
        ini = (project / "uwsgi.ini").read_text()
        command = re.search(r"^cpus = @\(exec://python3 (.+)\)$", ini, re.MULTILINE)
        expression = re.search(r"^app_workers = %\(cpus \* (\d+) \+ (\d+)\)$", ini, re.MULTILINE)
        assert command and expression, ini
        cpus = int(subprocess.run([sys.executable, command.group(1)], cwd=project, capture_output=True,
                                  text=True, check=True).stdout)
        return f"{cpus * int(expression.group(1)) + int(expression.group(2))} workers"
    if srv.concurrency is None:
        return "1 process"
    match = re.search(r"\$\{WEB_CONCURRENCY:-((?:[^{}]|\$\(\([^)]*\)\))+?)\}", srv.command.replace("{{", "{")
                      .replace("}}", "}"))
    assert match, srv.command
    value = subprocess.run(["sh", "-c", f"echo {match.group(1)}"], cwd=project, env=env, capture_output=True,
                           text=True, check=True).stdout.strip()
    return f"{value} {'threads' if 'thread' in srv.concurrency else 'workers'}"


def test_every_server_sizes_its_workers_by_the_cgroup(generated: dict[str, Path], tmp_path: Path) -> None:
    """In a one-CPU cgroup (on a machine with more cores), each server starts what its README says for one CPU."""
    fake = _one_cpu(tmp_path / "cgroup", 2)
    counts = {key: _workers(project, matrix.server(key), fake) for key, project in generated.items()}
    print("\n".join(f"{key}: {count}" for key, count in counts.items()))
    assert counts == {
        "gunicorn": "3 workers x 4 threads",
        "gunicorn-uvicorn": "1 workers",
        "waitress": "4 threads",
        "uwsgi": "3 workers",
        "uvicorn": "1 workers",
        "hypercorn": "1 process (no manager)",
        "granian": "1 workers",
        "daphne": "1 process",
        "sanic": "1 workers",
    }
