"""The README's two commands on a fresh clone, with the distribution's own Python.

Debian's ``/usr/bin/python3`` is externally managed (PEP 668): ``pip install`` into
it is refused, so this is the Python a newcomer's first command meets.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

SYSTEM_PYTHON = Path("/usr/bin/python3")
#: A PATH as a stock system has it: no pyenv shims, no uv, no virtualenv.
STOCK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _stock_env(cache: Path, path: str = STOCK_PATH) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PROJECT", "PYTHON", "PYENV"))}
    return {**env, "PATH": path, "SGI_SCAFFOLD_CACHE": str(cache)}


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository's committed HEAD, as a newcomer gets it."""
    if not SYSTEM_PYTHON.is_file():
        pytest.skip(f"no {SYSTEM_PYTHON}: no distribution Python to try the README's commands with")
    if subprocess.run([SYSTEM_PYTHON, "-c", "import venv, ensurepip"], check=False, capture_output=True).returncode:
        pytest.skip(f"{SYSTEM_PYTHON} has no venv/ensurepip (Debian: apt install python3-venv)")
    dest = tmp_path_factory.mktemp("fresh") / "sgi-scaffold"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(dest)], check=True)
    return dest


@pytest.mark.xdist_group("bootstrap")
def test_the_readme_commands_on_the_system_python(clone: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = _stock_env(cache)
    elsewhere = tmp_path / "projects"
    elsewhere.mkdir()
    # The generator command, run from the folder where the project should go.
    _run([str(SYSTEM_PYTHON), str(clone / "bootstrap.py"), "run", "--no-dev", "sgi-scaffold",
          "new", "--no-input", "--name", "fresh"], cwd=elsewhere, env=env)
    assert (elsewhere / "fresh" / "pyproject.toml").is_file()
    assert (cache / "uv" / "bin" / "uv").is_file(), "uv was not put in the private cache virtualenv"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, check=False,
                            capture_output=True, text=True).stdout
    assert status == "", f"the generator left files in its own clone:\n{status}"
    venv_python = clone / ".venv" / "bin" / "python"
    assert subprocess.run([venv_python, "-c", "import pytest"], check=False, capture_output=True).returncode != 0, (
        "the generator's run installed the test tools"
    )
    # The test command, narrowed to one quick file (the whole suite is what CI runs).
    out = _run([str(SYSTEM_PYTHON), "bootstrap.py", "run", "pytest", "tests/test_matrix.py", "-q", "-n", "0",
                "-p", "no:cacheprovider"], cwd=clone, env=env, timeout=600)
    assert " passed" in out
    # The system Python is untouched: still no uv in it.
    assert subprocess.run([SYSTEM_PYTHON, "-m", "uv", "--version"], check=False, capture_output=True).returncode != 0


@pytest.mark.xdist_group("bootstrap")
def test_uv_already_installed_is_used_as_it_is(clone: Path, tmp_path: Path) -> None:
    """uv on PATH, or ``python -m uv`` in the running Python: no private copy is made."""
    uv_dir = Path(sys.executable).parent  # the test environment has uv (a dev dependency)
    for python, path in ((str(SYSTEM_PYTHON), f"{uv_dir}:{STOCK_PATH}"), (sys.executable, STOCK_PATH)):
        cache = tmp_path / Path(python).name
        out = _run([python, str(clone / "bootstrap.py"), "run", "--no-dev", "sgi-scaffold", "--version"],
                   cwd=tmp_path, env=_stock_env(cache, path))
        assert out.startswith("sgi-scaffold ")
        assert not cache.exists()


def test_without_venv_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bootstrap", REPO / "bootstrap.py")
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: None)
    monkeypatch.setattr(bootstrap, "_module_uv", lambda: None)
    monkeypatch.setenv("SGI_SCAFFOLD_CACHE", str(tmp_path))
    monkeypatch.setattr(bootstrap.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 1, b"", b"ensurepip is not available"))
    with pytest.raises(SystemExit) as raised:
        bootstrap.find_uv()
    message = str(raised.value.code)
    assert "\n" not in message and "python3-venv" in message
