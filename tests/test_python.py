"""The Python a project targets: an answer (``--python``), defaulting to the newest the pair runs on,
followed by requires-python, the Docker base image, the CI workflow and ruff's target version."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib
import yaml

from generator import matrix
from generator.answers import Answers, Defaults, settle
from generator.errors import UserError

from .conftest import run_cli


def test_every_pair_defaults_to_the_newest_python_both_run_on() -> None:
    for combo in matrix.combinations():
        both = set(combo.framework.pythons) & set(combo.server.pythons)
        assert combo.default_python == max(both, key=lambda v: tuple(map(int, v.split("."))))
        assert settle(Answers(framework=combo.framework.key, server=combo.server.key), Defaults()).python \
            == combo.default_python


def test_web2py_stays_on_311_and_says_why() -> None:
    assert matrix.framework("web2py").pythons == ("3.11",)
    with pytest.raises(UserError, match=r"web2py runs on Python 3.11 only: .*imp.*; Pythons that fit: 3.11"):
        settle(Answers(framework="web2py", python="3.12"), Defaults())
    # Asking for 3.12 first leaves web2py out of the frameworks offered.
    assert settle(Answers(interface=matrix.Interface.WSGI, python="3.12"), Defaults()).framework.key == "flask"


def _generate(tmp_path: Path, *flags: str) -> Path:
    made = run_cli("new", "--no-input", "--name", "pyv", "-o", tmp_path, *flags)
    assert made.returncode == 0, made.stderr
    return tmp_path / "pyv"


@pytest.mark.parametrize("version", matrix.PYTHONS)
def test_everything_follows_the_chosen_python(tmp_path: Path, version: str) -> None:
    project = _generate(tmp_path, "--framework", "django", "--python", version)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={version}"
    assert pyproject["tool"]["ruff"]["target-version"] == "py" + version.replace(".", "")
    assert f"FROM python:{version}-slim" in (project / "Dockerfile").read_text()
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    setup = next(s for s in workflow["jobs"]["test"]["steps"] if "setup-uv" in s.get("uses", ""))
    assert setup["with"]["python-version"] == version
    assert yaml.safe_load((project / ".sgi-scaffold.yml").read_text())["python"] == version


def test_a_pair_that_stops_short_caps_requires_python(tmp_path: Path) -> None:
    project = _generate(tmp_path, "--framework", "web2py")
    assert tomllib.loads((project / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.11,<3.12"


def test_bad_python_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for flags, says in ((["--python", "3.10"], "Python 3.10 is not offered"),
                        (["--framework", "web2py", "--python", "3.13"], "imp module")):
        made = run_cli("new", "--no-input", "-o", tmp_path, *flags)
        assert made.returncode == 2 and says in made.stderr and made.stderr.count("\n") == 1, made.stderr


def test_answers_file_python(tmp_path: Path) -> None:
    """An unquoted 3.12 is read as the version; a file written before Python was an answer means 3.11."""
    from generator import answers_file

    given = tmp_path / "a.yml"
    given.write_text("python: 3.12\n")
    assert answers_file.load(given).python == "3.12"
    given.write_text('sgi_scaffold_version: "0.1.0"\nframework: flask\n')
    assert answers_file.load(given).python == "3.11"
    given.write_text('python: "2.7"\n')
    with pytest.raises(UserError, match="must be one of 3.11, 3.12, 3.13"):
        answers_file.load(given)


def test_update_moves_the_python(tmp_path: Path) -> None:
    project = _generate(tmp_path, "--framework", "flask", "--python", "3.12")
    moved = run_cli("update", project, "--python", "3.13", "--allow-dirty")
    assert moved.returncode == 0, moved.stderr
    assert "FROM python:3.13-slim" in (project / "Dockerfile").read_text()
    assert yaml.safe_load((project / ".sgi-scaffold.yml").read_text())["python"] == "3.13"
