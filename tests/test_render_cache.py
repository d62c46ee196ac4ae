"""The renderer's cache of compiled templates: the same output as compiling afresh, no answer carried over.

The initializr renders thousands of projects in one process; compiling the
templates was ~90 % of each render, so render.py keeps them compiled per set
of template files. These tests hold it to what a cache may do: nothing.
"""

from __future__ import annotations

import pytest

from generator import context, render
from generator.answers import Answers, Defaults, settle


def _render(**answers: object) -> tuple[str, render.Tree]:
    chosen = settle(Answers(**answers), Defaults())
    return render.render(chosen.combination, context.build(chosen))


@pytest.fixture()
def empty_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "_COMPILED", type(render._COMPILED)())


@pytest.mark.usefixtures("empty_cache")
def test_a_second_project_from_the_same_layers_holds_only_its_own_answers() -> None:
    first = _render(framework="fastapi", websocket=True, name="alpha-zq", author="Adazq")
    second = _render(framework="fastapi", websocket=True, name="beta-zq", author="Gracezq")
    assert len(render._COMPILED) == 1, "the same layers were compiled twice"
    assert (first[0], second[0]) == ("alpha-zq", "beta-zq")
    for rel, file in second[1].items():
        assert b"alpha" not in file.data and b"Adazq" not in file.data, rel
    render._COMPILED.clear()
    assert _render(framework="fastapi", websocket=True, name="beta-zq", author="Gracezq") == second


@pytest.mark.usefixtures("empty_cache")
def test_a_changed_template_is_compiled_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = settle(Answers(framework="flask"), Defaults())
    built = context.build(chosen)
    sources = render.layers(chosen.combination, built)
    template = render.compose(chosen.combination, built)
    readme = render.PROJECT_DIR + "/README.md"
    before = render.render_template(template, built, sources)[1]["README.md"].data
    template[readme] = render.File(template[readme].data + b"{{ cookiecutter.project_name }} again\n", 0o644)
    after = render.render_template(template, built, sources)[1]
    assert after["README.md"].data == before + b"my-service again\n"
    assert after["README.md"].mode == 0o644
    assert render.compose(chosen.combination, built)[readme].data != template[readme].data, "compose gave a shared dict"


@pytest.mark.usefixtures("empty_cache")
def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "COMPILED_KEPT", 2)
    for framework in ("flask", "bottle", "pyramid"):
        _render(framework=framework)
    assert len(render._COMPILED) == 2
