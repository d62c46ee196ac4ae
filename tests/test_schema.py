"""The answer schema: everything that lists the answers is derived from generator/schema.py."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from generator import cli, context, render, schema
from generator.answers import Answers, Defaults, Selection, settle

from .conftest import REPO, run_cli, tree_digest

#: A .sgi-scaffold.yml exactly as main wrote it before the schema (Django Channels on Daphne).
OLD_RECORD = """\
# The answers this project was generated from. To generate it again elsewhere:
#   sgi-scaffold new --answers .sgi-scaffold.yml -o OTHER_DIR
sgi_scaffold_version: "0.1.0"
name: "Old One"
description: "Says \\"hi\\""
author: "Zo\u00eb"
interface: asgi
websocket: true
http2: false
kubernetes: true
redis: true
framework: channels
server: daphne
"""


@pytest.mark.parametrize("rel", sorted(schema.GENERATED_TEMPLATES))
def test_generated_template_files_are_up_to_date(rel: str) -> None:
    """Regenerate with `uv run python -m generator.docs`."""
    assert (REPO / "templates" / rel).read_text(encoding="utf-8") == schema.GENERATED_TEMPLATES[rel]()


def test_answers_and_selection_have_one_field_per_answer() -> None:
    assert [f.name for f in dataclasses.fields(Answers)] == [a.key for a in schema.ANSWERS]
    kept = [a.key for a in schema.ANSWERS if a.on_selection]
    assert [f.name for f in dataclasses.fields(Selection)] == ["combination", "names", *kept]


def test_every_answer_has_its_flag_and_update_the_changeable_ones() -> None:
    parser = cli._parser()
    commands = parser._subparsers._group_actions[0].choices
    for command in ("new", "template", "update"):
        flags = {opt for action in commands[command]._actions for opt in action.option_strings}
        for answer in schema.ANSWERS:
            assert (answer.flag in flags) == (command != "update" or answer.update), (command, answer.key)


def test_the_context_and_the_record_carry_every_answer() -> None:
    selection = settle(Answers(framework="channels", websocket=True, redis=True, kubernetes=True), Defaults())
    built = context.build(selection)
    record = yaml.safe_load(render.render(selection.combination, built)[1][".sgi-scaffold.yml"].data)
    for answer in schema.ANSWERS:
        assert answer.variable in built
        # An answer recorded only away from what a record without it means (--database: none) is left out there.
        unrecorded = getattr(answer.unrecorded, "value", answer.unrecorded)
        assert (answer.key in record) == (answer.recorded_at_default or built[answer.variable] != unrecorded)
    assert (record["redis"], record["kubernetes"], record["interface"]) == (True, True, "asgi")


def test_a_feature_said_yes_settles_what_it_requires() -> None:
    """--redis alone needs the WebSocket it carries: the open capability is settled to it, not refused."""
    for feature in schema.features():
        if not feature.requires:
            continue
        assert feature.requires_why, feature.key
        selection = settle(Answers(**{feature.key: True}), Defaults())
        assert all(getattr(selection, key) is True for key in feature.requires), feature.key
        assert getattr(selection, feature.key) is True


def test_features_that_apply_only_somewhere_say_why_elsewhere() -> None:
    for answer in schema.features():
        assert answer.question and answer.options, answer.key
        assert answer.options[0][0] == answer.default, f"{answer.key}: the first option is the default"
        if answer.applies:
            assert "{framework}" in answer.not_applicable, answer.key


def test_a_record_written_before_the_schema_still_replays(tmp_path: Path) -> None:
    (tmp_path / "old.yml").write_text(OLD_RECORD, encoding="utf-8")
    result = run_cli("new", "--answers", tmp_path / "old.yml", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    project = tmp_path / "out" / "old-one"
    assert (project / "k8s" / "deployment.yaml").is_file()
    assert "channels-redis" in (project / "pyproject.toml").read_text()
    written = yaml.safe_load((project / ".sgi-scaffold.yml").read_text(encoding="utf-8"))
    # Written before Python and observability were answers: read as the project was made (3.11, none).
    assert {k: v for k, v in written.items() if k != "sgi_scaffold_version"} == {
        **{k: v for k, v in yaml.safe_load(OLD_RECORD).items() if k != "sgi_scaffold_version"},
        "python": "3.11", "observability": False,
    }
    again = run_cli("new", "--answers", project / ".sgi-scaffold.yml", "-o", tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert tree_digest(tmp_path / "again" / "old-one") == tree_digest(project)
