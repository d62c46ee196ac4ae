"""Answers files: flags over a file, partial files, and bad ones refused in one line.

That every variant's record replays byte for byte is checked with its other renders in test_bake.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import run_cli
from .test_cli import assert_one_line_error


def test_flags_override_the_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"name": "from-file", "framework": "fastapi", "server": "uvicorn"}))
    result = run_cli("new", "--no-input", "--answers", answers, "--server", "hypercorn", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    recorded = yaml.safe_load((tmp_path / "out" / "from-file" / ".sgi-scaffold.yml").read_text())
    assert (recorded["framework"], recorded["server"]) == ("fastapi", "hypercorn")


def test_a_partial_file_needs_no_input_or_a_terminal(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("framework: fastapi\n")
    line = assert_one_line_error(run_cli("new", "--answers", answers, "-o", tmp_path / "out"), 2)
    assert "no terminal" in line
    result = run_cli("new", "--no-input", "--answers", answers, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "my-service" / "my_service" / "main.py").is_file()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("framework: flask\ncolour: blue\n", "unknown key 'colour'"),
        ("framework: flask\nwebsocket: true\n", "Flask is WSGI and cannot hold a WebSocket"),
        ("websocket: yes please\n", "'websocket' in the answers file"),
        ("interface: cgi\n", "must be wsgi or asgi"),
        ("- a list\n", "must hold a mapping"),
        ("framework: [unclosed\n", "not valid YAML"),
        ("name: json\n", "shadow"),
    ],
)
def test_bad_answers_files_are_refused(tmp_path: Path, content: str, words: str) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(content)
    line = assert_one_line_error(run_cli("new", "--no-input", "--answers", answers, "-o", tmp_path / "out"), 2)
    assert words in line
    assert not (tmp_path / "out").exists()


def test_missing_answers_file(tmp_path: Path) -> None:
    line = assert_one_line_error(run_cli("new", "--no-input", "--answers", tmp_path / "nope.yml"), 2)
    assert "cannot read the answers file" in line


def test_control_characters_in_free_text_are_refused(tmp_path: Path) -> None:
    line = assert_one_line_error(run_cli("new", "--no-input", "--description", "bell\x07", "-o", tmp_path), 2)
    assert "control character" in line
