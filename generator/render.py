"""Composing the template layers and rendering them into files held in memory.

The layers (``templates/base``, the shared folders the framework names, the
framework's folder, the server's, with a database its data layer's shared folders and
``templates/data/<framework>``, then optional features) are overlaid into one
ordinary cookiecutter template, so what sgi-scaffold renders is exactly what
plain ``cookiecutter`` renders from an exported template. Nothing here touches
the disk but to read the templates: :mod:`generator.write` owns every write, so
rendering can never leave a half-written folder behind.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import schema
from .errors import Fault
from .matrix import Combination

#: Template files sit under this folder in every layer.
PROJECT_DIR = "{{cookiecutter.project_slug}}"
#: Answers cookiecutter.json derives from the project name; an exported
#: template keeps the expressions so that a new name renames everything.
_DERIVED = ("project_slug", "package_name")


@dataclass(frozen=True)
class File:
    data: bytes
    mode: int


#: Files by their POSIX path relative to a root (a project, or a template).
Tree = dict[str, File]


def templates_root() -> Path:
    """The templates folder: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "base").is_dir():
            return candidate
    raise Fault(f"the templates folder is missing beside {here}")


#: Optional parts, each a layer under templates/features/ added when the
#: answer of the same name is yes (declared with ``layer=True`` in generator/schema.py).
FEATURES = tuple(answer.key for answer in schema.ANSWERS if answer.layer)
#: Shared layers laid only when the answer they name is yes: the /events broadcast
#: (templates/shared/broadcast) is a WebSocket, so it comes with the WebSocket answer.
SHARED_WHEN = {"broadcast": "websocket"}


def _wanted(shared: str, context: dict[str, Any]) -> bool:
    return shared not in SHARED_WHEN or bool(context.get(SHARED_WHEN[shared]))


def layers(combination: Combination, context: dict[str, Any]) -> list[Path]:
    root = templates_root()
    framework_layer = root / "frameworks" / combination.framework.template
    if not framework_layer.is_dir():
        raise Fault(f"the template folder for {combination.framework.label} is missing: {framework_layer}")
    server_layer = root / "servers" / combination.server.template
    data_layer = (combination.framework.data_layer(combination.interface)
                  if context.get("database", "none") != "none" else None)
    return [
        root / "base",
        *(root / "shared" / name for name in combination.framework.shared if _wanted(name, context)),
        framework_layer,
        *(root / "shared" / name for name in combination.server.shared),
        *([server_layer] if server_layer.is_dir() else []),
        # The data layer its interface gets, then the framework's own routes on it.
        *((root / "shared" / name for name in data_layer.shared) if data_layer else ()),
        *([root / "data" / combination.framework.template] if data_layer else []),
        # What a framework's shared layer adds for the data layer (the TestClient's item tests), where it has any.
        *(folder for name in combination.framework.shared if data_layer and _wanted(name, context)
          if (folder := root / "shared" / f"{name}-data").is_dir()),
        *(root / "features" / feature for feature in FEATURES if context.get(feature)),
        # What a feature adds for the data layer (Kubernetes' migration Job), where it has any.
        *(folder for feature in FEATURES if context.get(feature) and data_layer
          if (folder := root / "features" / f"{feature}-data").is_dir()),
    ]


def _file_mode() -> int:
    """The mode a new file gets, as ``open()`` would make it under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def compose(combination: Combination, context: dict[str, Any]) -> Tree:
    """One cookiecutter template for ``combination``, in memory.

    Its cookiecutter.json takes the base layer's questions, with the matrix's
    answers for this combination as fixed defaults.
    """
    stack = layers(combination, context)
    mode = _file_mode()
    template = dict(_read_layers(tuple(stack), mode))  # a copy: callers may change their template
    questions = json.loads((stack[0] / "cookiecutter.json").read_text(encoding="utf-8"))
    questions.update({key: _literal(value) for key, value in context.items() if key not in _DERIVED})
    template["cookiecutter.json"] = File((json.dumps(questions, indent=2) + "\n").encode("utf-8"), mode)
    return template


def _literal(value: Any) -> Any:
    """A cookiecutter.json default that cookiecutter's rendering leaves as it is.

    Cookiecutter renders every default as a Jinja template before using it, so text with Jinja's
    delimiters in it (a description such as ``uses {{ braces }}``) would be read as an expression,
    and break the bake. Such text becomes one Jinja string literal, which renders to exactly itself.
    """
    if not isinstance(value, str) or not any(mark in value for mark in ("{{", "{%", "{#")):
        return value
    escaped = value.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return '{{ "' + escaped + '" }}'


@lru_cache(maxsize=64)
def _read_layers(stack: tuple[Path, ...], mode: int) -> Tree:
    """The files of a layer stack, overlaid, without cookiecutter.json.

    Read once per process and layer stack (the few hundred stacks there are
    fit easily): a long-running ``serve`` reads the template folders as they
    were when it first needed them, like any server reads its code.
    """
    template: Tree = {}
    for layer in stack:
        for src in sorted(layer.rglob("*")):
            rel = src.relative_to(layer).as_posix()
            if src.is_dir() or rel == "cookiecutter.json":
                continue
            if rel in template:
                raise Fault(f"template layers overlap: {rel} is in {layer} and an earlier layer")
            # The executable bit is kept (deploy/nginx/resolver.envsh).
            template[rel] = File(src.read_bytes(), mode | (src.stat().st_mode & 0o111))
    return template


@contextmanager
def _importable(folders: list[Path]) -> Iterator[None]:
    """Let the template's local Jinja extensions import, as cookiecutter's CLI does from the template root."""
    paths = [str(folder) for folder in folders]
    sys.path[:0] = paths
    try:
        yield
    finally:
        for path in paths:
            sys.path.remove(path)


def _text(file: File) -> str:
    """A template file as Jinja's FileSystemLoader reads it: UTF-8, universal newlines."""
    return file.data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _first_newline(file: File) -> str | None:
    """The line ending cookiecutter gives the rendered file: the first one Python's reader reports."""
    reader = io.TextIOWrapper(io.BytesIO(file.data), encoding="utf-8")
    reader.readline()
    return reader.newlines[0] if isinstance(reader.newlines, tuple) else reader.newlines


@dataclass(frozen=True)
class _Compiled:
    """A composed template with every file and file name compiled: what renders differ in is only the context."""

    folder: Any
    #: Per project file, in path order: its compiled body, its compiled name, its first newline, its mode.
    files: tuple[tuple[Any, Any, str | None, int], ...]


#: Compiled templates by what they were compiled from, newest last; bounded, never holding answers.
_COMPILED: OrderedDict[tuple[str, tuple[str, ...], tuple[str, ...]], _Compiled] = OrderedDict()
COMPILED_KEPT = 32
#: Guards _COMPILED and sys.path (an extension is imported while an environment is made).
_LOCK = threading.Lock()


def _fingerprint(template: Tree) -> str:
    """A digest of every file but cookiecutter.json (the one file that holds answers, and no template)."""
    digest = hashlib.sha256()
    for rel in sorted(template):
        if rel != "cookiecutter.json":
            file = template[rel]
            digest.update(b"%d %d %d %s\0" % (len(rel.encode()), len(file.data), file.mode, rel.encode()))
            digest.update(file.data)
    return digest.hexdigest()


def _compile(template: Tree, extensions: tuple[str, ...], sources: list[Path]) -> _Compiled:
    """Parse and compile every template file once, with cookiecutter's Jinja settings."""
    from jinja2 import ChoiceLoader, DictLoader, Environment, StrictUndefined

    prefix = PROJECT_DIR + "/"
    own = {rel[len(prefix):]: _text(f) for rel, f in template.items() if rel.startswith(prefix)}
    shared = {rel[len("templates/"):]: _text(f) for rel, f in template.items() if rel.startswith("templates/")}
    with _LOCK, _importable(sources):
        env = Environment(
            loader=ChoiceLoader([DictLoader(own), DictLoader(shared)]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            extensions=list(extensions),
            auto_reload=False,  # the sources are this dict's, fixed for the environment's life
            cache_size=-1,  # every include stays compiled
        )
    env.filters["jsonify"] = lambda obj, indent=4: json.dumps(obj, sort_keys=True, indent=indent)
    files = tuple(
        (env.get_template(rel), env.from_string(rel), _first_newline(src), src.mode)
        for rel, src in ((rel, template[prefix + rel]) for rel in sorted(own))
    )
    return _Compiled(env.from_string(PROJECT_DIR), files)


def _compiled(template: Tree, extensions: tuple[str, ...], sources: list[Path]) -> _Compiled:
    """The compiled form of ``template``, from the cache when the same files were compiled before.

    Keyed by the files' contents (not by the combination), so no template can
    ever be rendered from another's compiled form; the context is no part of
    the key and nothing compiled holds an answer.
    """
    key = (_fingerprint(template), extensions, tuple(str(path) for path in sources))
    with _LOCK:
        found = _COMPILED.get(key)
        if found is not None:
            _COMPILED.move_to_end(key)
            return found
    built = _compile(template, extensions, sources)  # outside the lock: two threads may both compile, harmlessly
    with _LOCK:
        _COMPILED[key] = built
        while len(_COMPILED) > COMPILED_KEPT:
            _COMPILED.popitem(last=False)
    return built


def render_template(template: Tree, context: dict[str, Any], sources: list[Path]) -> tuple[str, Tree]:
    """Render a composed template the way cookiecutter's ``generate_files`` does.

    Same Jinja settings (strict undefined, trailing newlines kept, includes
    from the template's ``templates/`` folder), same file-name rendering,
    newline detection and file modes; the tests check that the output is byte
    for byte what cookiecutter writes, for every combination. Doing it here
    spares importing cookiecutter, which takes longer than the rendering.
    The compiled templates are kept (about 90 % of a render is compiling them),
    so rendering the same layers again only runs them with the new answers.
    Returns the project folder's name and its files.
    """
    compiled = _compiled(template, tuple(context.get("_extensions", [])), sources)
    variables = {"cookiecutter": context}
    files: Tree = {}
    for body, name, newline, mode in compiled.files:
        text = body.render(variables)
        files[name.render(variables)] = File(text.replace("\n", newline or os.linesep).encode("utf-8"), mode)
    return compiled.folder.render(variables), dict(sorted(files.items()))


def render(combination: Combination, context: dict[str, Any]) -> tuple[str, Tree]:
    """The project's folder name and files, all in memory."""
    template = compose(combination, context)
    return render_template(template, context, layers(combination, context))
