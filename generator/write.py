"""Every write to disk, without half-measures: new projects, changes to existing
ones, exported templates, previews of a write, and reading a tree back.

A project is written beside its destination and moved into place only once
every file is written; changes to an existing folder (``--force``, ``update``)
keep every file they replace until the end, so a failure or Ctrl-C leaves the
destination as it was. What is written comes from :mod:`generator.render` as
an in-memory tree; nothing here renders.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import staging
from .errors import Fault, UserError
from .matrix import Combination
from .render import File, Tree, render


def read_file(root: Path, rel: str) -> File | None:
    """The file at ``rel`` under ``root`` as it is on disk, or ``None`` if there is no file."""
    path = root / rel
    try:
        return File(path.read_bytes(), path.stat().st_mode & 0o777) if path.is_file() else None
    except OSError as err:
        raise UserError(f"cannot read {path}: {err.strerror}") from None


def read_tree(root: Path) -> Tree:
    return {
        rel: file
        for rel in (path.relative_to(root).as_posix() for path in sorted(root.rglob("*")))
        if (file := read_file(root, rel)) is not None
    }


def preview(tree: Tree, dest: Path) -> list[str]:
    """One line per file a write would make: whether it is new, replaces a file, or is already so."""
    if dest.is_dir():
        _refuse_clashes(dest, sorted(tree))
    lines = []
    for rel, file in sorted(tree.items()):
        mine = read_file(dest, rel)
        state = "create" if mine is None else ("unchanged" if mine.data == file.data else "overwrite")
        lines.append(f"  {state:<9} {dest / rel}")
    return lines


def _put_tree(tree: Tree, root: Path) -> None:
    """Write ``tree`` into the folder ``root``, which must not hold any of its files yet."""
    for rel, file in tree.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.write_file(target, file)


def _create_dirs(path: Path, made: list[Path]) -> None:
    """Create ``path`` and its missing parents, adding each to ``made`` (outermost first) for undoing."""
    for directory in reversed([p for p in (path, *path.parents) if not p.exists()]):
        with staging.uncut():
            directory.mkdir()
            made.append(directory)


def _writable(folder: Path) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"cannot write in {folder}: permission denied; nothing was changed")


_ASIDE = "move it aside first (nothing was changed)"


def _refuse_clashes(dest: Path, rels: list[str]) -> None:
    """Never move a user's folder, or write through a link or a file where the template needs a folder."""
    for rel in rels:
        path = dest
        for part in Path(rel).parts[:-1]:
            path = path / part
            if path.is_symlink() or (path.exists() and not path.is_dir()):
                raise UserError(f"{path} is in the way of a folder the template makes; {_ASIDE}")
        if (dest / rel).is_dir() and not (dest / rel).is_symlink():
            raise UserError(f"{dest / rel} is a folder where the template writes a file; {_ASIDE}")


@dataclass
class Written:
    path: Path
    overwritten: list[str] = field(default_factory=list)
    #: Whether the folder held files before: the files were written into it.
    updated: bool = False


def _apply(dest: Path, changes: dict[str, File | None]) -> list[str]:
    if not changes:
        return []
    _refuse_clashes(dest, sorted(changes))
    _writable(dest)
    replaced = []
    with staging.all_or_nothing(dest, dest) as (stage, undo):
        transaction = staging.Transaction(dest, stage / "backup")
        undo.append(transaction.rollback)
        for rel, file in sorted(changes.items()):
            if transaction.put(rel, file) and file is not None:
                replaced.append(rel)
    return replaced


def apply(dest: Path, changes: dict[str, File | None]) -> list[str]:
    """Write and delete files in the existing folder ``dest``, all or nothing; return those replaced.

    The backups are staged inside ``dest`` itself: moves stay atomic there,
    and a folder one may write into need not have a writable parent.
    """
    with staging.locked(dest):
        return _apply(dest, changes)


@contextmanager
def guard(dest: Path) -> Iterator[None]:
    """Report an unexpected error while preparing ``dest`` (rendering, say) in one line."""
    try:
        yield
    except Exception as err:
        if isinstance(err, (Fault, UserError)):
            raise
        raise staging.fault(err, dest) from err


def _not_empty(dest: Path) -> UserError:
    return UserError(f"{dest} already exists and is not empty; use --force to write into it")


def check_destination(dest: Path, force: bool) -> None:
    """Refuse a destination a new project cannot go to, before anything is rendered."""
    for path in (dest, *dest.parents):
        if path.is_symlink() and not path.exists():
            raise UserError(f"{path} is a symbolic link to nothing (or a loop of links)")
        if path.exists():
            if not path.is_dir():
                raise UserError(f"{path} exists and is not a directory")
            _writable(path)
            break
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise _not_empty(dest)


def project(tree: Tree, dest: Path, force: bool = False) -> Written:
    """Write a rendered project to the folder ``dest``, all or nothing.

    A new folder is staged beside ``dest`` and moved into place in one step
    that never replaces a folder with files in it, so two runs racing for the
    same name cannot mix their projects; an existing folder is locked, checked
    again, and written file by file. Files already as the template makes them
    are left alone.
    """
    check_destination(dest, force)
    if dest.is_dir():
        with staging.locked(dest):
            if any(dest.iterdir()) and not force:
                raise _not_empty(dest)
            existed = any(dest.iterdir())
            changes: dict[str, File | None] = {rel: f for rel, f in tree.items() if read_file(dest, rel) != f}
            return Written(dest, _apply(dest, changes), updated=existed)
    created: list[Path] = []
    try:
        with guard(dest):
            _create_dirs(dest.parent, created)
        with staging.all_or_nothing(dest, dest.parent) as (stage, undo):
            _put_tree(tree, stage / "new")
            with staging.uncut():
                try:
                    (stage / "new").rename(dest)
                except OSError as err:
                    if err.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
                        raise _not_empty(dest) from None
                    raise
                undo.append(lambda: shutil.rmtree(dest))
            return Written(dest)
    except BaseException:
        staging.remove_empty(created)
        raise


def generate(combination: Combination, context: dict[str, Any], output_dir: Path, force: bool = False) -> Written:
    """Render the project and write it into ``output_dir/<slug>``, all or nothing."""
    dest = output_dir / context["project_slug"]
    check_destination(dest, force)
    with guard(dest):
        _, tree = render(combination, context)
    return project(tree, dest, force)


def template(tree: Tree, dest: Path) -> Path:
    """Write a composed template into ``dest``, a new or empty folder, all or nothing."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UserError(f"{dest} already exists and is not an empty folder")
    return project(tree, dest).path
