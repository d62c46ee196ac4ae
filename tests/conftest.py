"""Shared helpers: run the real CLI, and enumerate what the matrix says to test."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import matrix
from generator.matrix import Capability, Combination

REPO = Path(__file__).resolve().parent.parent


def run_cli(
    *args: str | os.PathLike[str], cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` as a user would, with no terminal on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        check=False, capture_output=True,
        text=True,
        timeout=timeout,
    )


def variants() -> list[tuple[Combination, bool, bool]]:
    """Every combination with every subset of the capabilities it offers."""
    out = []
    for combo in matrix.combinations():
        for ws, h2 in itertools.product((False, True), repeat=2):
            if (not ws or combo.can(Capability.WEBSOCKET)) and (not h2 or combo.can(Capability.HTTP2)):
                out.append((combo, ws, h2))
    return out


def fullest_variant(combo: Combination) -> tuple[Combination, bool, bool]:
    """The combination with every capability it offers: the most template layers at once."""
    return combo, combo.can(Capability.WEBSOCKET), combo.can(Capability.HTTP2)


def variant_id(variant: tuple[Combination, bool, bool]) -> str:
    combo, ws, h2 = variant
    # The interface only where the pair has one per interface (Falcon on Granian).
    iface = [combo.interface.value] if len(combo.framework.interfaces & combo.server.interfaces) > 1 else []
    return "-".join([combo.framework.key, combo.server.key, *iface, *(["ws"] if ws else []), *(["h2"] if h2 else [])])


def selection_flags(combo: Combination, ws: bool, h2: bool) -> list[str]:
    return [
        "--framework", combo.framework.key, "--server", combo.server.key, "--interface", combo.interface.value,
        "--websocket" if ws else "--no-websocket", "--http2" if h2 else "--no-http2",
    ]


def tree_digest(root: Path) -> dict[str, str]:
    """Every path under ``root`` with the hash of its content (or its kind), to prove nothing changed."""
    digest = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            digest[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            digest[rel] = f"dir:{oct(path.stat().st_mode)}"
        else:
            digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest() + f":{oct(path.stat().st_mode)}"
    return digest


def bake(cookies, template: Path, **extra_context: object):
    """pytest-cookies' bake, with the template's local Jinja extension importable.

    pytest-cookies renders the context before calling cookiecutter, outside the
    import-path patch cookiecutter applies for local extensions.
    """
    sys.path.insert(0, str(template))
    try:
        return cookies.bake(template=str(template), extra_context=extra_context)
    finally:
        sys.path.remove(str(template))


@pytest.fixture(params=variants(), ids=variant_id)
def variant(request: pytest.FixtureRequest) -> tuple[Combination, bool, bool]:
    return request.param


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers more than there are cores. Most tests wait (on installs, servers starting
    and draining, image builds taking turns, sleeps): with one worker a core, CI kept only 133 % of its
    2 cores busy, and with one more, its cores were still idle 19 % of the time (vmstat)."""
    return (os.cpu_count() or 1) + 2


#: Set by the outermost test session, for the sessions tests start inside it (tests/test_bootstrap.py runs
#: the README's test command): theirs must leave the outer session's container table alone.
OUTER_SESSION = "SGI_SCAFFOLD_OUTER_TEST_SESSION"


def pytest_configure(config: pytest.Config) -> None:
    """Name the outermost session's process (in the controller, before xdist starts its workers, which
    inherit it, as do the sessions tests start)."""
    if not hasattr(config, "workerinput"):
        os.environ.setdefault(OUTER_SESSION, str(os.getpid()))


def _outermost(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and os.environ.get(OUTER_SESSION) == str(os.getpid())


def pytest_sessionstart(session: pytest.Session) -> None:
    """The container tests' table starts empty with each run (in the controller, before any worker)."""
    if _outermost(session.config):
        from .containers import engine

        engine.ROWS.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The container tests' table (tests/containers/table.py), where any image was built in this run."""
    if not _outermost(terminalreporter.config):
        return
    from .containers import table

    recorded = table.rows()
    if recorded:
        terminalreporter.write_sep("=", f"container images ({len(recorded)})")
        terminalreporter.write_line(table.markdown(recorded))
