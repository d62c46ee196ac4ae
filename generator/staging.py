"""The mechanics of writes that can be undone: a staging folder, a file-by-file
transaction, a lock on the destination, and signals held off while a step that
must not be cut in half runs.

Only :mod:`generator.write` uses this module. Every signal that ends the
process (SIGINT, SIGTERM, SIGHUP) is turned into an exception, so the undo
steps run for all of them; each single move (a file to the backup, the backup
back, a folder into place together with its undo step) runs with those signals
blocked, so a signal lands between steps, never inside one.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Fault, UserError
from .render import File

#: The signals that end the process: each rolls a write back (Windows has no SIGHUP).
ENDING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Cancelled(BaseException):
    """The process was told to stop (SIGTERM, SIGHUP); like KeyboardInterrupt, not an error of ours."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _cancel(signum: int, _frame: object) -> None:
    raise Cancelled(signum)


def catch_ending_signals() -> None:
    """Turn SIGTERM and SIGHUP into :class:`Cancelled` (SIGINT already raises KeyboardInterrupt)."""
    for signum in ENDING[1:]:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _cancel)


@contextmanager
def uncut() -> Iterator[None]:
    """Hold ending signals off until the block is done; one that came meanwhile is raised after it."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, ENDING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def write_file(target: Path, file: File) -> None:
    """The one place a file's bytes reach the disk."""
    target.write_bytes(file.data)
    target.chmod(file.mode)


def remove_empty(directories: list[Path]) -> None:
    for directory in reversed(directories):
        try:
            directory.rmdir()
        except OSError:
            return


class Transaction:
    """File-by-file changes to a folder, each undoable until the end.

    Every file replaced or deleted is first moved into ``backup``; ``rollback``
    puts them all back and removes what was added.
    """

    def __init__(self, dest: Path, backup: Path) -> None:
        self.dest, self.backup = dest, backup
        self._done: list[tuple[Path, Path | None]] = []
        self._made_dirs: list[Path] = []

    def put(self, rel: str, file: File | None) -> bool:
        """Write ``file`` at ``rel`` (``None`` deletes it); say whether something was there."""
        target = self.dest / rel
        fresh = None
        if file is not None:
            fresh = self.backup.with_name(self.backup.name + ".new")
            write_file(fresh, file)
        with uncut():
            for parent in reversed(Path(rel).parents[:-1]):
                if file is not None and not (self.dest / parent).is_dir():
                    (self.dest / parent).mkdir()
                    self._made_dirs.append(self.dest / parent)
            saved = None
            if target.exists() or target.is_symlink():
                saved = self.backup / rel
                saved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, saved)
            self._done.append((target, saved))
            if fresh is not None:
                os.replace(fresh, target)
        return saved is not None

    def rollback(self) -> None:
        for target, saved in reversed(self._done):
            if saved is not None:
                os.replace(saved, target)
            else:
                target.unlink(missing_ok=True)
        remove_empty(self._made_dirs)


def fault(err: Exception, dest: Path) -> Fault:
    """One line for what went wrong while writing, whatever raised it."""
    if isinstance(err, OSError):
        where = f" ({err.filename})" if err.filename else ""
        return Fault(f"could not write {dest}: {err.strerror or err}{where}; nothing was changed")
    # Template errors carry the whole context in str(); keep the cause.
    cause = f"{err.message}: {err.error}" if hasattr(err, "error") and hasattr(err, "message") else str(err)
    return Fault(f"could not render {dest}: {cause}; nothing was changed")


@contextmanager
def all_or_nothing(dest: Path, parent: Path) -> Iterator[tuple[Path, list[Callable[[], object]]]]:
    """A staging folder in ``parent`` and a list of undo steps.

    On any failure (Ctrl-C and every other ending signal included) the steps
    run newest first, the staging folder goes, and an unexpected error becomes
    a one-line Fault. Undoing and cleaning up cannot themselves be cut short.
    """
    undo: list[Callable[[], object]] = []
    staging: Path | None = None
    try:
        with uncut():
            staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", suffix=".partial", dir=parent))
        yield staging, undo
    except BaseException as err:
        with uncut():
            for step in reversed(undo):
                step()
        if isinstance(err, Exception) and not isinstance(err, (Fault, UserError)):
            raise fault(err, dest) from err
        raise
    finally:
        with uncut():
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` so that no other sgi-scaffold run writes into it meanwhile."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks on folders
        yield
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise UserError(f"{folder} is being written by another sgi-scaffold run; nothing was changed") from None
            raise
        yield
    finally:
        os.close(fd)
