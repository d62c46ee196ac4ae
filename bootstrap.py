"""Run uv with this checkout's arguments, getting uv first if it is not there.

``python3 bootstrap.py run --no-dev sgi-scaffold`` is ``uv run --no-dev sgi-scaffold``
on any Python 3.10+, including a distribution's externally managed one (PEP 668),
where ``pip install uv`` is refused. uv is taken from, in order: ``PATH``; the
Python running this script (``python3 -m uv``); a private virtualenv under the
user's cache folder, created on first use with ``python3 -m venv`` and
``pip install uv`` into that virtualenv only: nothing is installed into the
system Python or the user's site-packages. Only the standard library is used.

``run`` acts on this checkout wherever it is started from (``--project`` is added
unless given), so ``python3 path/to/sgi-scaffold/bootstrap.py run --no-dev sgi-scaffold``
writes the project into the current folder, not into the clone.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

MINIMUM = (3, 10)
#: Said when a piece of Python is missing; one line, with what to install.
NO_VENV = (
    "error: Python's venv module (with pip) is missing here; install it "
    "(Debian/Ubuntu: sudo apt install python3-venv; Fedora: sudo dnf install python3-pip) "
    "or install uv itself (https://docs.astral.sh/uv/), then run this again"
)


def cache_dir() -> Path:
    """Where the private uv lives: ``$SGI_SCAFFOLD_CACHE``, else the XDG (or Windows) cache folder."""
    if os.environ.get("SGI_SCAFFOLD_CACHE"):
        return Path(os.environ["SGI_SCAFFOLD_CACHE"])
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "sgi-scaffold"


def _venv_bin(venv: Path, name: str) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def _module_uv() -> list[str] | None:
    """uv installed in the Python running this script (``python -m uv``): its binary, found in-process."""
    if importlib.util.find_spec("uv") is None:
        return None
    try:
        from uv import find_uv_bin

        return [find_uv_bin()]
    except (ImportError, FileNotFoundError):
        return None


def _private_uv(venv: Path) -> list[str]:
    """The uv in our own virtualenv, made on first use."""
    uv = _venv_bin(venv, "uv")
    if uv.is_file():
        return [str(uv)]
    print(f"Installing uv into {venv} (once; nothing goes into the system Python)", file=sys.stderr)
    made = subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], capture_output=True, check=False)
    python = _venv_bin(venv, "python")
    if made.returncode != 0 or not python.is_file():
        raise SystemExit(NO_VENV)
    pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "uv"], check=False)
    if pip.returncode != 0 or not uv.is_file():
        raise SystemExit(f"error: 'pip install uv' into {venv} failed (see above); is PyPI reachable?")
    return [str(uv)]


def find_uv() -> list[str]:
    """The command that runs uv, getting uv if it is nowhere yet."""
    on_path = shutil.which("uv")
    if on_path:
        return [on_path]
    private = cache_dir() / "uv"
    if _venv_bin(private, "uv").is_file():  # made by an earlier run: no probing
        return [str(_venv_bin(private, "uv"))]
    return _module_uv() or _private_uv(private)


def main(argv: list[str]) -> int:
    if sys.version_info < MINIMUM:
        raise SystemExit(f"error: sgi-scaffold needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    if argv[:1] == ["run"] and not any(arg == "--project" or arg.startswith("--project=") for arg in argv):
        argv = ["run", "--project", str(Path(__file__).resolve().parent), *argv[1:]]
    command = [*find_uv(), *argv]
    if os.name == "nt":
        return subprocess.run(command, check=False).returncode
    os.execv(command[0], command)  # the terminal, signals and exit code stay uv's own


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
