"""Every write to disk, without half-measures: new projects, changes to existing
ones, exported templates, previews of a write, and reading a tree back.

A project is written beside its destination and moved into place only once
every file is written; changes to an existing folder (``--force``, ``update``)
keep every file they replace until the end, so a failure or Ctrl-C leaves the
destination as it was. What is written comes from :mod:`generator.render` as
an in-memory tree; nothing here renders.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Fault, UserError
from .matrix import Combination
from .render import File, Tree, render


def read_file(root: Path, rel: str) -> File | None:
    """The file at ``rel`` under ``root`` as it is on disk, or ``None`` if there is no file."""
    path = root / rel
    return File(path.read_bytes(), path.stat().st_mode & 0o777) if path.is_file() else None


def read_tree(root: Path) -> Tree:
    return {
        path.relative_to(root).as_posix(): File(path.read_bytes(), path.stat().st_mode & 0o777)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def preview(tree: Tree, dest: Path) -> list[str]:
    """One line per file a write would make: whether it is new, replaces a file, or is already so."""
    lines = []
    for rel, file in sorted(tree.items()):
        mine = read_file(dest, rel)
        state = "create" if mine is None else ("unchanged" if mine.data == file.data else "overwrite")
        lines.append(f"  {state:<9} {dest / rel}")
    return lines


def _write_file(target: Path, file: File) -> None:
    """The one place a file's bytes reach the disk."""
    target.write_bytes(file.data)
    target.chmod(file.mode)


def _put_tree(tree: Tree, root: Path) -> None:
    """Write ``tree`` into the folder ``root``, which must not hold any of its files yet."""
    for rel, file in tree.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_file(target, file)


def _create_dirs(path: Path) -> list[Path]:
    """Create ``path`` and its missing parents; return those created, outermost first.

    If one cannot be made, those made before it are removed again.
    """
    missing = list(reversed([p for p in (path, *path.parents) if not p.exists()]))
    made: list[Path] = []
    try:
        for directory in missing:
            directory.mkdir()
            made.append(directory)
    except OSError:
        _remove_empty(made)
        raise
    return made


def _remove_empty(directories: list[Path]) -> None:
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
        if file is not None:
            fresh = self.backup.with_name(self.backup.name + ".new")
            _write_file(fresh, file)
            os.replace(fresh, target)
        return saved is not None

    def rollback(self) -> None:
        for target, saved in reversed(self._done):
            if saved is not None:
                os.replace(saved, target)
            else:
                target.unlink(missing_ok=True)
        _remove_empty(self._made_dirs)


@dataclass
class Written:
    path: Path
    overwritten: list[str] = field(default_factory=list)


def _fault(err: Exception, dest: Path) -> Fault:
    """One line for what went wrong while writing, whatever raised it."""
    if isinstance(err, OSError):
        where = f" ({err.filename})" if err.filename else ""
        return Fault(f"could not write {dest}: {err.strerror or err}{where}; nothing was changed")
    # Template errors carry the whole context in str(); keep the cause.
    cause = f"{err.message}: {err.error}" if hasattr(err, "error") and hasattr(err, "message") else str(err)
    return Fault(f"could not render {dest}: {cause}; nothing was changed")


@contextmanager
def all_or_nothing(dest: Path, parent: Path) -> Iterator[tuple[Path, list]]:
    """A staging folder in ``parent`` and a list of undo callbacks.

    On any failure (Ctrl-C included) the callbacks run newest first, the
    staging folder goes, and an unexpected error becomes a one-line Fault.
    """
    undo: list = []
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", suffix=".partial", dir=parent))
    try:
        yield staging, undo
    except BaseException as err:
        for step in reversed(undo):
            step()
        if isinstance(err, Exception) and not isinstance(err, (Fault, UserError)):
            raise _fault(err, dest) from err
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def apply(dest: Path, changes: dict[str, File | None]) -> list[str]:
    """Write and delete files in the existing folder ``dest``, all or nothing; return those replaced."""
    replaced = []
    with all_or_nothing(dest, dest.parent) as (staging, undo):
        transaction = Transaction(dest, staging / "backup")
        undo.append(transaction.rollback)
        for rel, file in sorted(changes.items()):
            if transaction.put(rel, file) and file is not None:
                replaced.append(rel)
    return replaced


@contextmanager
def guard(dest: Path) -> Iterator[None]:
    """Report an unexpected error while preparing ``dest`` (rendering, say) in one line."""
    try:
        yield
    except Exception as err:
        if isinstance(err, (Fault, UserError)):
            raise
        raise _fault(err, dest) from err


def check_destination(dest: Path, force: bool) -> None:
    """Refuse a destination a new project cannot go to."""
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest} exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise UserError(f"{dest} already exists and is not empty; use --force to write into it")


def project(tree: Tree, dest: Path, force: bool = False) -> Written:
    """Write a rendered project to the folder ``dest``, all or nothing."""
    check_destination(dest, force)
    try:
        created = _create_dirs(dest.parent)
    except OSError as err:
        raise _fault(err, dest) from err
    try:
        with all_or_nothing(dest, dest.parent) as (staging, undo):
            if dest.is_dir() and any(dest.iterdir()):
                return Written(dest, apply(dest, tree))
            _put_tree(tree, staging / "new")
            if dest.is_dir():
                dest.rmdir()
                undo.append(dest.mkdir)
            (staging / "new").rename(dest)
            undo.append(lambda: shutil.rmtree(dest))
            return Written(dest)
    except BaseException:
        _remove_empty(created)
        raise


def generate(combination: Combination, context: dict[str, Any], output_dir: Path, force: bool = False) -> Written:
    """Render the project and write it into ``output_dir/<slug>``, all or nothing."""
    dest = output_dir / context["project_slug"]
    check_destination(dest, force)
    with guard(dest):
        _, tree = render(combination, context)
    return project(tree, dest, force)


def template(tree: Tree, dest: Path) -> Path:
    """Write a composed template into ``dest``, a new or empty folder."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UserError(f"{dest} already exists and is not an empty folder")
    dest.mkdir(parents=True, exist_ok=True)
    _put_tree(tree, dest)
    return dest
