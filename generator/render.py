"""Composing the template layers, rendering them, and writing without half-measures.

The layers (``templates/base``, the shared folders the framework names, the
framework's folder, the server's, then optional features) are overlaid into one
ordinary cookiecutter template, so what sgi-scaffold renders is exactly what
plain ``cookiecutter`` renders from an exported template. A project is rendered
beside its destination and moved into place only once every file is written;
changes to an existing folder (``--force``, ``update``) keep every file they
replace until the end, so a failure or Ctrl-C leaves the destination as it was.
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


#: Optional parts, each a layer under templates/features/ added when the
#: answer of the same name is yes.
FEATURES = ("kubernetes",)


def layers(combination: Combination, context: dict[str, Any]) -> list[Path]:
    root = templates_root()
    framework_layer = root / "frameworks" / combination.framework.template
    if not framework_layer.is_dir():
        raise Fault(f"the template folder for {combination.framework.label} is missing: {framework_layer}")
    server_layer = root / "servers" / combination.server.template
    return [
        root / "base",
        *(root / "shared" / name for name in combination.framework.shared),
        framework_layer,
        *([server_layer] if server_layer.is_dir() else []),
        *(root / "features" / feature for feature in FEATURES if context.get(feature)),
    ]


def compose(combination: Combination, context: dict[str, Any], dest: Path) -> Path:
    """Write one cookiecutter template for ``combination`` into ``dest``.

    Its cookiecutter.json takes the base layer's questions, with the matrix's
    answers for this combination as fixed defaults.
    """
    stack = layers(combination, context)
    for layer in stack:
        for src in sorted(layer.rglob("*")):
            rel = src.relative_to(layer)
            if src.is_dir() or rel == Path("cookiecutter.json"):
                continue
            target = dest / rel
            if target.exists():
                raise Fault(f"template layers overlap: {rel} is in {layer} and an earlier layer")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, target)  # keeps the executable bit (resolver.envsh)
    questions = json.loads((stack[0] / "cookiecutter.json").read_text(encoding="utf-8"))
    questions.update({key: value for key, value in context.items() if key not in _DERIVED})
    (dest / "cookiecutter.json").write_text(json.dumps(questions, indent=2) + "\n", encoding="utf-8")
    return dest


@dataclass(frozen=True)
class File:
    data: bytes
    mode: int


#: A project's files by their POSIX path relative to its root.
Tree = dict[str, File]


@contextmanager
def _importable(template: str) -> Iterator[None]:
    """Let cookiecutter import the template's local extensions, as its own CLI does."""
    sys.path.insert(0, template)
    try:
        yield
    finally:
        sys.path.remove(template)


def generate(combination: Combination, context: dict[str, Any], into: Path) -> Path:
    """Render the project into the new folder ``into/<slug>`` and return that folder."""
    with tempfile.TemporaryDirectory(prefix="sgi-scaffold-template-") as template:
        compose(combination, context, Path(template))
        with _importable(template):
            return _render_cookiecutter_template(Path(template), context, into)


def _render_cookiecutter_template(repo: Path, context: dict[str, Any], into: Path) -> Path:
    """Render a composed template the way cookiecutter's ``generate_files`` does.

    Same Jinja settings (strict undefined, trailing newlines kept, includes
    from the template's ``templates/`` folder), same file-name rendering,
    newline detection and file modes; the tests check that the output is byte
    for byte what cookiecutter writes, for every combination. Doing it here
    spares importing cookiecutter, which takes longer than the rendering.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    source = repo / PROJECT_DIR
    env = Environment(
        loader=FileSystemLoader([str(source), str(repo / "templates")]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=context.get("_extensions", []),
    )
    env.filters["jsonify"] = lambda obj, indent=4: json.dumps(obj, sort_keys=True, indent=indent)
    variables = {"cookiecutter": context}
    project = into / env.from_string(PROJECT_DIR).render(variables)
    project.mkdir(parents=True)
    for root, dirs, files in os.walk(source):
        dirs.sort()
        for name in [*dirs, *sorted(files)]:
            rel = (Path(root) / name).relative_to(source).as_posix()
            target = project / env.from_string(rel).render(variables)
            if name in dirs:
                target.mkdir(exist_ok=True)
            else:
                _render_file(env, source / rel, rel, target, variables)
    return project


def _render_file(env: Any, src: Path, rel: str, target: Path, variables: dict[str, Any]) -> None:
    text = env.get_template(rel).render(variables)
    with src.open(encoding="utf-8") as template:
        template.readline()  # the first line ending decides the file's, as in cookiecutter
        newline = template.newlines[0] if isinstance(template.newlines, tuple) else template.newlines
    with target.open("w", encoding="utf-8", newline=newline) as out:
        out.write(text)
    shutil.copymode(src, target)


def read_tree(root: Path) -> Tree:
    return {
        path.relative_to(root).as_posix(): File(path.read_bytes(), path.stat().st_mode & 0o777)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def render_tree(combination: Combination, context: dict[str, Any]) -> Tree:
    """The project's files in memory, for comparing and merging."""
    with tempfile.TemporaryDirectory(prefix="sgi-scaffold-render-") as out:
        return read_tree(generate(combination, context, Path(out)))


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
            fresh.write_bytes(file.data)
            fresh.chmod(file.mode)
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
    # cookiecutter's template errors carry the whole context in str(); keep the cause.
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


def write(combination: Combination, context: dict[str, Any], output_dir: Path, force: bool = False) -> Written:
    """Render the project into ``output_dir/<slug>``, all or nothing."""
    dest = output_dir / context["project_slug"]
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest} exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise UserError(f"{dest} already exists and is not empty; use --force to write into it")
    try:
        created = _create_dirs(output_dir)
    except OSError as err:
        raise _fault(err, dest) from err
    try:
        with all_or_nothing(dest, output_dir) as (staging, undo):
            rendered = generate(combination, context, staging / "new")
            if dest.is_dir() and any(dest.iterdir()):
                return Written(dest, apply(dest, read_tree(rendered)))
            if dest.is_dir():
                dest.rmdir()
                undo.append(dest.mkdir)
            rendered.rename(dest)
            undo.append(lambda: shutil.rmtree(dest))
            return Written(dest)
    except BaseException:
        _remove_empty(created)
        raise
