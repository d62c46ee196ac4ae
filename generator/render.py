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
import tempfile
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


def _create_parents(path: Path) -> list[Path]:
    """Create ``path`` and its missing parents; return those created, outermost first."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _move_into_place(rendered: Path, dest: Path) -> list[Path]:
    if not dest.exists():
        rendered.rename(dest)
        return []
    if not any(dest.iterdir()):
        dest.rmdir()
        rendered.rename(dest)
        return []
    overwritten = []
    for src in sorted(p for p in rendered.rglob("*") if not p.is_dir()):
        rel = src.relative_to(rendered)
        target = dest / rel
        if target.exists():
            overwritten.append(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, target)
    return overwritten


def write(combination: Combination, context: dict[str, Any], output_dir: Path, force: bool = False) -> Written:
    """Render the project into ``output_dir/<slug>``, all or nothing."""
    slug = context["project_slug"]
    dest = output_dir / slug
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest} exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise UserError(f"{dest} already exists and is not empty; use --force to write into it")

    created = _create_parents(output_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}-", suffix=".partial", dir=output_dir))
    try:
        with tempfile.TemporaryDirectory(prefix="sgi-scaffold-template-") as template:
            compose(combination, context, Path(template))
            from cookiecutter.generate import generate_files

            generate_files(template, {"cookiecutter": context}, output_dir=staging, accept_hooks=False)
        return Written(dest, _move_into_place(staging / slug, dest))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for directory in reversed(created):
            try:
                directory.rmdir()
            except OSError:
                break
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
