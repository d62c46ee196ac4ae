"""Bake every variant through plain cookiecutter (pytest-cookies) and check what comes out.

The template baked here is the one ``sgi-scaffold template`` exports, so these
tests also prove the layers compose into an ordinary cookiecutter template.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from generator import context, render, write
from generator.answers import Answers, Defaults, settle

from .conftest import bake, run_cli, selection_flags


def _bake(cookies, tmp_path: Path, variant, name: str = "Demo Service"):
    combo, ws, h2 = variant
    selection = settle(
        Answers(framework=combo.framework.key, server=combo.server.key,
                interface=combo.interface, websocket=ws, http2=h2, name=name),
        Defaults(),
    )
    template = write.template(render.compose(combo, context.build(selection)), tmp_path / "template")
    result = bake(cookies, template, project_name=name)
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    return result.project_path


@pytest.fixture()
def baked(cookies, tmp_path: Path, variant) -> Path:
    (tmp_path / "template").mkdir()
    return _bake(cookies, tmp_path, variant)


def _files(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): p.read_text(encoding="utf-8") for p in project.rglob("*") if p.is_file()}


def test_project_has_the_promised_files(baked: Path, variant) -> None:
    combo, _ws, _h2 = variant
    files = _files(baked)
    for required in ("pyproject.toml", "README.md", "Dockerfile", ".dockerignore", ".gitignore"):
        assert required in files
    assert baked.name == "demo-service"
    assert any(name.startswith("demo_service/") for name in files)
    assert any(name.startswith("tests/test_") for name in files)
    if combo.server.config:
        assert combo.server.config in files


def test_nothing_is_left_unrendered(baked: Path) -> None:
    """No Jinja is left; GitHub's own ``${{ expression }}`` in a workflow is meant to be there."""
    for name, text in _files(baked).items():
        text = re.sub(r"\$\{\{ [\w.]+ \}\}", "", text) if name.startswith(".github/") else text
        assert "{{" not in text and "{%" not in text, name
        assert "cookiecutter" not in name


def test_python_compiles_and_pyproject_parses(baked: Path, variant) -> None:
    combo, _, _ = variant
    for path in baked.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    project = tomllib.loads((baked / "pyproject.toml").read_text(encoding="utf-8"))
    deps = " ".join(project["project"]["dependencies"])
    for dep in (*combo.framework.dependencies, *combo.server.dependencies):
        assert dep in deps
    assert all(any(op in d for op in "<>=~") for d in project["project"]["dependencies"])
    assert "pytest" in " ".join(project["dependency-groups"]["dev"])


def test_websocket_route_only_when_chosen(baked: Path, variant) -> None:
    _, ws, _ = variant
    text = "\n".join(t for n, t in _files(baked).items() if n.endswith(".py"))
    assert ('"/ws"' in text) is ws
    assert ("/ws" in (baked / "README.md").read_text()) is ws


def test_dockerfile_passes_hadolint_and_starts_the_server(baked: Path, variant) -> None:
    combo, _, _ = variant
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


def test_sgi_scaffold_new_matches_plain_cookiecutter(cookies, tmp_path: Path, variant) -> None:
    """What `new` writes is byte for byte what cookiecutter renders from the exported template."""
    combo, ws, h2 = variant
    exported = tmp_path / "exported"
    result = run_cli("template", "--no-input", *selection_flags(combo, ws, h2), "--name", "Same", "-o", exported)
    assert result.returncode == 0, result.stderr
    plain = bake(cookies, exported, project_name="Same")
    assert plain.exit_code == 0, plain.exception
    result = run_cli("new", "--no-input", *selection_flags(combo, ws, h2), "--name", "Same", "-o", tmp_path / "new",
                     "--no-lock")  # the lock is not rendered: it comes from the index (generator/lock.py)
    assert result.returncode == 0, result.stderr
    assert _files(tmp_path / "new" / "same") == _files(plain.project_path)
