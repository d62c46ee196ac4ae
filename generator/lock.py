"""Pinning a new project's dependencies: ``uv lock`` run once the project is written.

The templates give version ranges; ``uv.lock`` pins the versions those ranges meant on the day
the project was made, so that its image, its CI and every developer install the same thing
(``uv sync --locked``) until someone runs ``uv lock --upgrade``. The lock is the one file that is
not a pure function of the answers: it depends on the package index at generation time, so
regenerating from ``.sgi-scaffold.yml`` reproduces every other file byte for byte, and this one
only on the same day. Generation still works offline: ``--no-lock``, or any failure to reach the
index, leaves the project without a lock, said in one line; the Dockerfile then resolves at build.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

#: How long uv may take before the lock is given up (a cold cache resolves in a few seconds).
TIMEOUT = 120
#: uv's words for a failure to reach the index, as opposed to a resolution that has no answer.
_OFFLINE = ("request failed", "failed to fetch", "error sending request", "dns error", "connect", "timed out",
            "network")


@dataclass(frozen=True)
class Locked:
    """What ``lock`` did: ``note`` is the one line to show when no lock was written."""

    written: bool
    seconds: float
    note: str = ""


def _uv() -> str:
    """The uv binary of the ``uv`` package this generator depends on."""
    from uv import find_uv_bin

    return find_uv_bin()


def lock(project: Path, python: str, *, update: bool = False) -> Locked:
    """Write ``project/uv.lock``; on failure leave none and say why in one line.

    uv wants an interpreter that fits requires-python even to lock, and downloads one where it
    finds none: a ``python`` of that version on this machine spares the download.
    With ``update`` (``sgi-scaffold update`` changed pyproject.toml), a failure leaves the
    project's lock as it was: it is the user's, and `uv lock` run later brings it in step.
    """
    from .pythons import interpreter

    started = time.monotonic()
    found = interpreter(python)
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    env.setdefault("UV_HTTP_TIMEOUT", "15")
    try:
        done = subprocess.run(
            [_uv(), "lock", "--quiet", "--no-progress", *(["--python", str(found)] if found else [])],
            cwd=project, env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )
        error = "" if done.returncode == 0 else _first_error(done.stderr)
    except subprocess.TimeoutExpired:
        error = f"uv lock took longer than {TIMEOUT} s"
    except (OSError, ImportError) as err:
        error = f"uv could not be run: {err}"
    seconds = time.monotonic() - started
    if not error:
        return Locked(True, seconds)
    why = "the package index could not be reached" if _offline(error) else "uv lock failed"
    if update:
        return Locked(False, seconds, f"note: uv.lock not updated: {why} ({error}); it no longer matches"
                                      f" pyproject.toml until you run `uv lock` in {project}")
    (project / "uv.lock").unlink(missing_ok=True)
    return Locked(False, seconds, f"note: no uv.lock written: {why} ({error}); run `uv lock` in {project} to pin")


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("error:", "×")):
            return line.removeprefix("error:").removeprefix("×").strip()
    return lines[-1] if lines else "no message"


def _offline(error: str) -> bool:
    return any(word in error.lower() for word in _OFFLINE)
