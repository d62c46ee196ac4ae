"""The wizard's questions for the web page: which choices fit the answers so far, and why the others do not.

The page asks in the wizard's order and, like the wizard, judges each choice
against the earlier answers only: picking a framework may rule a server out,
never the other way round. A later answer that an earlier change contradicts
is dropped (and reported), so the page can never hold an impossible set.
Every verdict comes from the generator's own check, so the reasons are the
CLI's words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import project


def _params(question: dict[str, Any], value: object) -> dict[str, str]:
    """A choice's value as request parameters."""
    if isinstance(value, dict):
        return {key: _text(v) for key, v in value.items()}
    (param,) = question["params"]
    return {param: _text(value)}


def _text(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _chosen(question: dict[str, Any], settled: dict[str, Any]) -> object:
    if question["id"] == "capabilities":
        return {"websocket": settled["websocket"], "http2": settled["http2"]}
    return settled[question["id"]]


def state(given: dict[str, str]) -> dict[str, Any]:
    """Every question with its choices judged, the answers kept, those dropped and the settled project."""
    return _state(tuple(sorted(given.items())))


@lru_cache(maxsize=512)
def _state(given_items: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    given = dict(given_items)
    kept: dict[str, str] = {}
    dropped: list[dict[str, str]] = []
    asked: list[dict[str, Any]] = []
    for question in project.questions():
        mine = {p: given[p] for p in question["params"] if p in given}
        if question["type"] == "text":
            error = project.reason(mine) if mine else None
            if error is None:
                kept.update(mine)
            asked.append({**question, "given": bool(mine), "error": error})
            continue
        choices = []
        for choice in question["choices"]:
            why = project.reason({**kept, **_params(question, choice["value"])})
            choices.append({**choice, "fits": why is None, "reason": why})
        if mine:
            why = project.reason({**kept, **mine})
            if why is None:
                kept.update(mine)
            else:
                dropped.append({"question": question["id"], "reason": why})
                mine = {}
        asked.append({**question, "choices": choices, "given": bool(mine)})
    chosen = project.selection(kept)
    settled = project.settled(chosen)
    for question in asked:
        question["value"] = _chosen(question, settled) if question["type"] != "text" else given.get(
            question["id"], settled[question["id"]])
        question["applies"] = question["id"] in project.applicable(chosen)
    return {"questions": asked, "answers": kept, "dropped": dropped, "settled": settled, "folder": project.slug(chosen)}

