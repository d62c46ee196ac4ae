"""Whatever text the user gives (name, description, author), every generated file stays valid.

Hypothesis draws the text; each example is rendered in-process for every combination, with
every capability it offers (where the most template text is on), into a fresh folder, and the
files are parsed the way their own tools would. tests/test_bake.py renders every variant with
one fixed piece of awkward text.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import tomllib
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import context, matrix, write
from generator.answers import Answers, Defaults, settle
from generator.names import InvalidName, project_names

from .conftest import fullest_variant, variant_id

HADOLINT = Path(sys.executable).parent / "hadolint"

# Anything but control characters (newline and tab aside) and lone surrogates,
# with the fragments most likely to break a file mixed in.
TRICKY = ["\n", "\t", '"', "'", "\\", "{{", "}}", "{%", "%}", "{#", "${x}", "`", "😀", "\u2028", "é", "[x]", "#", "---"]
characters = st.characters(blacklist_categories=("Cs", "Cc"))
free_text = st.lists(characters | st.sampled_from(TRICKY), max_size=20).map("".join)


def _valid_name(text: str) -> bool:
    try:
        project_names(text)
    except InvalidName:
        return False
    return True


names = (
    st.lists(characters | st.sampled_from(['"', "'", "{{", "%}", "😀", " ", "-", "a"]), min_size=1, max_size=20)
    .map("".join)
    .filter(_valid_name)
)


def check_project(project: Path, name: str, description: str, author: str) -> None:
    for path in project.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["description"] == description
    assert pyproject["project"].get("authors", [{"name": ""}])[0]["name"] == author
    # The name is recorded as the generator uses it: stripped and NFC-normalised.
    shown = project_names(name).name
    recorded = yaml.safe_load((project / ".sgi-scaffold.yml").read_text(encoding="utf-8"))
    assert (recorded["name"], recorded["description"], recorded["author"]) == (shown, description, author)
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {shown}\n")
    lint = subprocess.run([HADOLINT, "--no-color", "--failure-threshold", "info", project / "Dockerfile"],
                          check=False, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout


@pytest.mark.parametrize("variant", [fullest_variant(c) for c in matrix.combinations()], ids=variant_id)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
@given(name=names, description=free_text, author=free_text)
def test_free_text_keeps_every_file_valid(variant, name: str, description: str, author: str) -> None:
    combo, ws, h2 = variant
    selection = settle(
        Answers(framework=combo.framework.key, server=combo.server.key,
                interface=combo.interface, websocket=ws, http2=h2,
                name=name, description=description, author=author),
        Defaults(),
    )
    with tempfile.TemporaryDirectory() as out:
        written = write.generate(combo, context.build(selection), Path(out))
        check_project(written.path, name, description, author)
