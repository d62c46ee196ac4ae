"""Every variant, rendered every way a user can get it, is the same valid project.

For each variant: ``sgi-scaffold new`` writes the project, the answers file it recorded is replayed,
and, for each combination's variant with every capability on (the most layers at once),
``sgi-scaffold template`` exports the composed cookiecutter template and plain cookiecutter
(pytest-cookies) bakes it. They agree byte for byte (so the layers compose into an ordinary
cookiecutter template, and a record replays exactly), and the project holds what it promises. One
set of renders a variant carries every check: rendering is most of these tests' time.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import tomllib
import yaml

from generator import matrix

from .conftest import bake, fullest_variant, run_cli, selection_flags, tree_digest, variants

#: Free text with what most often breaks a file or a record: quotes, backslashes, Jinja, a newline.
NAME = "Demo Service"
FREE_TEXT = {
    "--description": 'Says "hi" \\ {{ not a template }} {% raw %}\nand a second line 😀',
    "--author": "Zoë O'Brien",
}

#: The variants made and replayed with their lock: each framework's first. uv.lock is the one file
#: that depends on the index, not only on the answers (generator/lock.py); every other variant is
#: made with --no-lock, first and on replay (it is not an answer the file records), which spares two
#: uv resolutions a test.
LOCKED = {next(v for v in variants() if v[0].framework == framework) for framework in
          dict.fromkeys(v[0].framework for v in variants())}
#: The variants also exported and baked by plain cookiecutter: each combination with every capability it offers.
EXPORTED = {fullest_variant(combo) for combo in matrix.combinations()}


def _files(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): p.read_text(encoding="utf-8") for p in project.rglob("*") if p.is_file()}


def test_every_way_of_rendering_gives_the_same_valid_project(cookies, tmp_path: Path, variant) -> None:
    combo, ws, h2 = variant
    no_lock = () if variant in LOCKED else ("--no-lock",)
    flags = [*selection_flags(combo, ws, h2), "--name", NAME, *(part for item in FREE_TEXT.items() for part in item)]

    made = run_cli("new", "--no-input", *flags, *no_lock, "-o", tmp_path / "new")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "new" / "demo-service"
    assert (project / "uv.lock").exists() == (variant in LOCKED)

    if variant in EXPORTED:
        exported = tmp_path / "exported"
        result = run_cli("template", "--no-input", *flags, "-o", exported)
        assert result.returncode == 0, result.stderr
        plain = bake(cookies, exported, project_name=NAME)
        assert plain.exception is None and plain.exit_code == 0, plain.exception
        # The lock is not rendered: it comes from the index (generator/lock.py).
        assert {k: v for k, v in _files(project).items() if k != "uv.lock"} == _files(plain.project_path)

    _check_answers_file(project, variant)
    _check_promised_files(project, combo)
    _check_nothing_left_unrendered(project)
    _check_python_and_pyproject(project, combo)
    _check_websocket_route(project, ws)
    _check_dockerfile(project, combo)


def _check_answers_file(project: Path, variant) -> None:
    """The record says what was asked, and replaying it gives the same bytes (the lock too, from the index)."""
    combo, ws, h2 = variant
    recorded = project / ".sgi-scaffold.yml"
    answers = yaml.safe_load(recorded.read_text(encoding="utf-8"))
    assert answers["framework"] == combo.framework.key and answers["server"] == combo.server.key
    assert (answers["websocket"], answers["http2"]) == (ws, h2)
    assert answers["description"] == FREE_TEXT["--description"] and answers["author"] == FREE_TEXT["--author"]
    no_lock = () if variant in LOCKED else ("--no-lock",)
    again = run_cli("new", "--answers", recorded, *no_lock, "-o", project.parent.parent / "again")
    assert again.returncode == 0, again.stderr
    assert tree_digest(project.parent.parent / "again" / project.name) == tree_digest(project)


def _check_promised_files(baked: Path, combo) -> None:
    files = _files(baked)
    for required in ("pyproject.toml", "README.md", "Dockerfile", ".dockerignore", ".gitignore"):
        assert required in files
    assert baked.name == "demo-service"
    assert any(name.startswith("demo_service/") for name in files)
    assert any(name.startswith("tests/test_") for name in files)
    if combo.server.config:
        assert combo.server.config in files


def _check_nothing_left_unrendered(baked: Path) -> None:
    """No Jinja is left; GitHub's own ``${{ expression }}`` in a workflow is meant to be there, and the
    description's own braces are the user's text."""
    for name, text in _files(baked).items():
        text = re.sub(r"\$\{\{ [\w.]+ \}\}", "", text) if name.startswith(".github/") else text
        text = text.replace("{{ not a template }} {% raw %}", "")
        assert "{{" not in text and "{%" not in text, name
        assert "cookiecutter" not in name


def _check_python_and_pyproject(baked: Path, combo) -> None:
    for path in baked.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    project = tomllib.loads((baked / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["description"] == FREE_TEXT["--description"]
    deps = " ".join(project["project"]["dependencies"])
    for dep in (*combo.framework.dependencies, *combo.server.dependencies):
        assert dep in deps
    assert all(any(op in d for op in "<>=~") for d in project["project"]["dependencies"])
    assert "pytest" in " ".join(project["dependency-groups"]["dev"])


def _check_websocket_route(baked: Path, ws: bool) -> None:
    text = "\n".join(t for n, t in _files(baked).items() if n.endswith(".py"))
    assert ('"/ws"' in text) is ws
    assert ("/ws" in (baked / "README.md").read_text()) is ws


def _check_dockerfile(baked: Path, combo) -> None:
    dockerfile = (baked / "Dockerfile").read_text()
    lint = subprocess.run(
        [Path(sys.executable).parent / "hadolint", "--no-color", "--failure-threshold", "info", "-"],
        input=dockerfile, check=False, capture_output=True, text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    cmd = json.loads(next(line for line in dockerfile.splitlines() if line.startswith("CMD "))[4:])
    assert combo.server.program in " ".join(cmd)
    assert "\nUSER 10001\n" in dockerfile and "HEALTHCHECK" in dockerfile
    assert dockerfile.index("COPY pyproject.toml") < dockerfile.index("COPY . .")
