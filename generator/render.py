"""Composing the template layers and writing a project without half-measures.

The layers (``templates/base``, then the framework's folder, then the server's)
are overlaid into one ordinary cookiecutter template, so what sgi-scaffold
renders is exactly what plain ``cookiecutter`` renders from an exported
template. A project is rendered next to its destination and moved into place
only once every file is written, so a failure leaves the destination as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Fault, UserError
from .matrix import Combination

#: Template files sit under this folder in every layer.
PROJECT_DIR = "{{cookiecutter.project_slug}}"
#: Answers cookiecutter.json derives from the project name; an exported
#: template keeps the expressions so that a new name renames everything.
_DERIVED = ("project_slug", "package_name")


def templates_root() -> Path:
    """The templates folder: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "base").is_dir():
            return candidate
    raise Fault(f"the templates folder is missing beside {here}")


def layers(combination: Combination) -> list[Path]:
    root = templates_root()
    framework_layer = root / "frameworks" / combination.framework.template
    if not framework_layer.is_dir():
        raise Fault(f"the template folder for {combination.framework.label} is missing: {framework_layer}")
    server_layer = root / "servers" / combination.server.template
    return [root / "base", framework_layer, *([server_layer] if server_layer.is_dir() else [])]


def compose(combination: Combination, context: dict[str, Any], dest: Path) -> Path:
    """Write one cookiecutter template for ``combination`` into ``dest``.

    Its cookiecutter.json takes the base layer's questions, with the matrix's
    answers for this combination as fixed defaults.
    """
    stack = layers(combination)
    for layer in stack:
        for src in sorted(layer.rglob("*")):
            rel = src.relative_to(layer)
            if src.is_dir() or rel == Path("cookiecutter.json"):
                continue
            target = dest / rel
            if target.exists():
                raise Fault(f"template layers overlap: {rel} is in {layer} and an earlier layer")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    questions = json.loads((stack[0] / "cookiecutter.json").read_text(encoding="utf-8"))
    questions.update({key: value for key, value in context.items() if key not in _DERIVED})
    (dest / "cookiecutter.json").write_text(json.dumps(questions, indent=2) + "\n", encoding="utf-8")
    return dest


@dataclass
class Written:
    path: Path
    overwritten: list[Path] = field(default_factory=list)


@contextmanager
def _importable(template: str) -> Iterator[None]:
    """Let cookiecutter import the template's local extensions, as its own CLI does."""
    sys.path.insert(0, template)
    try:
        yield
    finally:
        sys.path.remove(template)


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


class _Placement:
    """Moves the rendered project into its destination, able to undo every move.

    Into a new (or empty) destination the whole folder is renamed in one step.
    With --force, files are moved one by one and each file they replace is kept
    in ``backup`` until the end, so a failure half-way puts back exactly what
    the user had.
    """

    def __init__(self, rendered: Path, dest: Path, backup: Path) -> None:
        self.rendered, self.dest, self.backup = rendered, dest, backup
        self.overwritten: list[Path] = []
        self._moved: list[tuple[Path, Path | None]] = []
        self._made_dirs: list[Path] = []
        self._renamed_whole = False
        self._removed_empty_dest = False

    def run(self) -> list[Path]:
        if self.dest.exists() and not any(self.dest.iterdir()):
            self.dest.rmdir()
            self._removed_empty_dest = True
        if not self.dest.exists():
            self.rendered.rename(self.dest)
            self._renamed_whole = True
            return []
        for src in sorted(p for p in self.rendered.rglob("*") if not p.is_dir()):
            self._place(src, src.relative_to(self.rendered))
        return self.overwritten

    def _place(self, src: Path, rel: Path) -> None:
        for parent in reversed(rel.parents[:-1]):
            if not (self.dest / parent).is_dir():
                (self.dest / parent).mkdir()
                self._made_dirs.append(self.dest / parent)
        target = self.dest / rel
        saved = None
        if target.exists() or target.is_symlink():
            saved = self.backup / rel
            saved.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, saved)
            self.overwritten.append(rel)
        self._moved.append((target, saved))
        os.replace(src, target)

    def undo(self) -> None:
        if self._renamed_whole:
            shutil.rmtree(self.dest, ignore_errors=True)
        for target, saved in reversed(self._moved):
            if saved is not None:
                os.replace(saved, target)
            else:
                target.unlink(missing_ok=True)
        _remove_empty(self._made_dirs)
        if self._removed_empty_dest and not self.dest.exists():
            self.dest.mkdir()


def _fault(err: Exception, dest: Path) -> Fault:
    """One line for what went wrong while writing, whatever raised it."""
    if isinstance(err, OSError):
        where = f" ({err.filename})" if err.filename else ""
        return Fault(f"could not write {dest}: {err.strerror or err}{where}; nothing was changed")
    # cookiecutter's template errors carry the whole context in str(); keep the cause.
    cause = f"{err.message}: {err.error}" if hasattr(err, "error") and hasattr(err, "message") else str(err)
    return Fault(f"could not render {dest}: {cause}; nothing was changed")


def write(combination: Combination, context: dict[str, Any], output_dir: Path, force: bool = False) -> Written:
    """Render the project into ``output_dir/<slug>``, all or nothing."""
    slug = context["project_slug"]
    dest = output_dir / slug
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest} exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise UserError(f"{dest} already exists and is not empty; use --force to write into it")

    try:
        created = _create_dirs(output_dir)
    except OSError as err:
        raise _fault(err, dest) from err
    staging: Path | None = None
    placement: _Placement | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{slug}-", suffix=".partial", dir=output_dir))
        with tempfile.TemporaryDirectory(prefix="sgi-scaffold-template-") as template:
            compose(combination, context, Path(template))
            from cookiecutter.generate import generate_files

            with _importable(template):
                generate_files(template, {"cookiecutter": context}, output_dir=staging / "new", accept_hooks=False)
        placement = _Placement(staging / "new" / slug, dest, staging / "old")
        return Written(dest, placement.run())
    except BaseException as err:
        if placement is not None:
            placement.undo()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
            staging = None
        _remove_empty(created)
        if isinstance(err, Exception) and not isinstance(err, (Fault, UserError)):
            raise _fault(err, dest) from err
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
