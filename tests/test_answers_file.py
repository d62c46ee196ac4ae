"""Answers files: every project records its answers, and replaying them gives the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import run_cli, selection_flags, tree_digest, variants
from .test_cli import assert_one_line_error

FREE_TEXT = {
    "--description": 'Says "hi" \\ {{ not a template }} {% raw %}\nand a second line 😀',
    "--author": "Zoë O'Brien",
}


#: The variants replayed with their lock: each framework's first. uv.lock is the one file that
#: depends on the index, not only on the answers (generator/lock.py); every other variant is made
#: with --no-lock, first and on replay (it is not an answer the file records), which spares two uv
#: resolutions a test.
LOCKED = {next(v for v in variants() if v[0].framework == framework) for framework in
          dict.fromkeys(v[0].framework for v in variants())}


def test_replay_is_byte_identical(tmp_path: Path, variant) -> None:
    combo, ws, h2 = variant
    free_text = (part for item in FREE_TEXT.items() for part in item)
    no_lock = () if variant in LOCKED else ("--no-lock",)
    flags = [*selection_flags(combo, ws, h2), "--name", "Replay Me", *free_text, *no_lock]
    first = run_cli("new", "--no-input", *flags, "-o", tmp_path / "first")
    assert first.returncode == 0, first.stderr
    recorded = tmp_path / "first" / "replay-me" / ".sgi-scaffold.yml"
    answers = yaml.safe_load(recorded.read_text(encoding="utf-8"))
    assert answers["framework"] == combo.framework.key and answers["server"] == combo.server.key
    assert (answers["websocket"], answers["http2"]) == (ws, h2)
    assert answers["description"] == FREE_TEXT["--description"] and answers["author"] == FREE_TEXT["--author"]

    again = run_cli("new", "--answers", recorded, *no_lock, "-o", tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "replay-me" / "uv.lock").exists() == (variant in LOCKED)
    assert tree_digest(tmp_path / "again" / "replay-me") == tree_digest(tmp_path / "first" / "replay-me")


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
