"""The one place the initializr touches the generator's internals.

Everything else under ``generator/serve`` speaks plain data: parameters as
strings, a settled selection, a tree of ``path -> (bytes, mode)``. When the
answers model or the renderer change shape, only this module follows them.

The service answers exactly as ``sgi-scaffold new --no-input`` with the same
answers as flags would: the same validation, the same one-line reasons, the
same defaults for what is left open, the same renderer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import fields
from enum import Enum
from functools import cache
from typing import Any

from .. import __version__, answers, context, listing, matrix, render, schema
from ..answers import Answers, Defaults, Selection
from ..errors import UserError
from ..matrix import Interface

__all__ = [
    "BOOLEAN", "OPTIONS", "PARAMS", "Selection", "UserError", "answers_only", "applicable", "flag", "known",
    "locked_tree", "metadata", "questions", "reason", "selection", "settled", "slug", "tree", "validate",
]

#: The answers-file keys, in the order the wizard asks them; each is one request parameter.
PARAMS: tuple[str, ...] = tuple(answer.key for answer in schema.ordered(schema.ASKED))
BOOLEAN = frozenset(answer.key for answer in schema.ANSWERS if answer.kind is bool)
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")
#: Keys an answers file may carry that say nothing about the project.
_INFORMATIONAL = ("sgi_scaffold_version",)
#: What the archive endpoints take besides answers: ``lock=true`` is ``new`` without ``--no-lock``.
OPTIONS = ("lock",)

assert set(PARAMS) == {f.name for f in fields(Answers)}, "a new answer needs a request parameter"


def known(params: Mapping[str, str]) -> None:
    """Refuse a parameter that is no answer, as an answers file's unknown key is refused."""
    for key in params:
        if key not in PARAMS and key not in _INFORMATIONAL and key not in OPTIONS:
            raise UserError(f"unknown parameter {key!r}; known parameters: {', '.join(PARAMS)}")


def answers_only(params: Mapping[str, str]) -> Mapping[str, str]:
    """Refuse an archive option where no archive is made (``/preview``, ``/diff``, ``/questions``): it would
    be ignored there, and a user asking ``/preview?lock=true`` expects to see a uv.lock."""
    for key in OPTIONS:
        if key in params:
            raise UserError(f"{key!r} applies only to /starter.zip and /starter.tgz")
    return params


def _answers(params: Mapping[str, str]) -> Answers:
    """Strings to typed answers, refusing what an answers file would refuse."""
    known(params)
    values: dict[str, Any] = {}
    for key, raw in params.items():
        if key in _INFORMATIONAL or key in OPTIONS:
            continue
        if key in BOOLEAN:
            low = raw.lower()
            if low not in _TRUE + _FALSE:
                raise UserError(f"{key!r} must be true or false, not {raw!r}")
            values[key] = low in _TRUE
        elif schema.BY_KEY[key].choices():
            try:
                values[key] = schema.BY_KEY[key].parse(raw)
            except ValueError:
                allowed = " or ".join(schema.BY_KEY[key].choices() or ())
                raise UserError(f"{key!r} must be {allowed}, not {raw!r}") from None
        else:
            values[key] = raw
    return Answers(**values)


def validate(params: Mapping[str, str]) -> None:
    """Refuse unknown keys and malformed values, without judging whether the answers fit together."""
    _answers(params)


def selection(params: Mapping[str, str]) -> Selection:
    """The project ``sgi-scaffold new --no-input`` makes of these answers; UserError says why not."""
    return answers.settle(_answers(params), Defaults())


def settled(chosen: Selection) -> dict[str, str | bool]:
    """Every answer of a selection, as the parameters that reproduce it."""
    pair = {
        "interface": chosen.combination.interface.value,
        "framework": chosen.framework.key,
        "server": chosen.server.key,
        "name": chosen.names.name,
    }
    out: dict[str, str | bool] = {}
    for key in PARAMS:
        value = pair[key] if key in pair else getattr(chosen, key)
        out[key] = value.value if isinstance(value, Enum) else value
    return out


def applicable(chosen: Selection) -> set[str]:
    """The questions that mean something for this selection: a feature only where it applies."""
    features = {answer.key: answer for answer in schema.features()}
    return {q["id"] for q in questions() if q["id"] not in features or features[q["id"]].applies_to(chosen.framework)}


def slug(chosen: Selection) -> str:
    """The folder ``sgi-scaffold new`` writes the project into."""
    return chosen.names.slug


def tree(chosen: Selection) -> dict[str, tuple[bytes, int]]:
    """The project's files, by POSIX path under its folder, with their permission bits."""
    _, files = render.render(chosen.combination, context.build(chosen))
    return {rel: (file.data, file.mode) for rel, file in files.items()}


def flag(params: Mapping[str, str], key: str) -> bool:
    """A yes/no request parameter (absent is no), refused as an answer's would be."""
    low = params.get(key, "false").lower()
    if low not in _TRUE + _FALSE:
        raise UserError(f"{key!r} must be true or false, not {params[key]!r}")
    return low in _TRUE


def locked_tree(chosen: Selection) -> tuple[dict[str, tuple[bytes, int]], str]:
    """The tree plus the ``uv.lock`` that ``new`` (without ``--no-lock``) adds, and ``new``'s note if it could not.

    The project is written to a temporary folder of its own for uv to read, and removed.
    """
    import tempfile
    from pathlib import Path

    from .. import lock

    files = tree(chosen)
    with tempfile.TemporaryDirectory(prefix="sgi-scaffold-lock-") as tmp:
        root = Path(tmp) / "project"
        for rel, (data, mode) in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
            (root / rel).chmod(mode)
        done = lock.lock(root, chosen.python)
        if done.written:
            path = root / "uv.lock"
            files["uv.lock"] = (path.read_bytes(), path.stat().st_mode & 0o777)
    return files, done.note.replace(str(root), "the project") if done.note else ""


def _choices(question: answers.Question) -> list[dict[str, Any]]:
    def value(raw: object) -> object:
        if isinstance(raw, tuple):  # the capability question answers websocket and http2 at once
            return dict(zip(("websocket", "http2"), raw, strict=True))
        return raw.value if isinstance(raw, Enum) else raw

    return [{"value": value(o.value), "title": o.title, "help": o.explanation} for o in question.options]


#: The answers the wizard asks with logic of its own (they narrow each other), as page questions:
#: the question's id, the request parameters one choice sets, and the wizard's question for them.
_OWN_LOGIC: dict[str, tuple[str, tuple[str, ...], Callable[[Answers], answers.Question[Any]]]] = {
    "interface": ("interface", ("interface",), answers._interface_question),
    "websocket": ("capabilities", ("websocket", "http2"), answers._capability_question),
    "framework": ("framework", ("framework",), answers._framework_question),
    "server": ("server", ("server",), answers._server_question),
    "python": ("python", ("python",), answers._python_question),
}


def _question(answer: schema.Answer, covered: set[str]) -> dict[str, Any] | None:
    """One answer's question on the page, every choice it can offer; None where an earlier one asks it."""
    if answer.key in covered:
        return None
    if answer.key in _OWN_LOGIC:
        key, params, build = _OWN_LOGIC[answer.key]
        asked = build(Answers())
    elif answer.feature:
        key, params, asked = answer.key, (answer.key,), answers._feature_question(answer)
    else:  # free text: the project's name, description, author
        return {"id": answer.key, "params": [answer.key], "type": "text", "message": answer.question or answer.key,
                "default": answer.default}
    covered.update(params)
    question = {"id": key, "params": list(params), "type": "single-select", "message": asked.message,
                "choices": _choices(asked)}
    if key == "server":  # the server question of an empty answer offers only the default interface's servers
        question["choices"] = [{"value": s.key, "title": s.label, "help": s.summary} for s in matrix.SERVERS]
    return question


@cache
def questions() -> tuple[dict[str, Any], ...]:
    """The wizard's questions in its order (the schema's), each with every choice it can offer."""
    covered: set[str] = set()
    asked = (_question(answer, covered) for answer in schema.ordered(schema.ASKED))
    return tuple(question for question in asked if question is not None)


def metadata() -> dict[str, Any]:
    """What ``list --json`` knows, plus each question with its choices and the defaults."""
    document = json.loads(listing.as_json())
    default = settled(selection({}))
    document.update(
        {
            "version": __version__,
            "interfaces": [{"value": i.value, "title": i.label} for i in Interface],
            "capabilities": [{"value": c.value, "title": c.label} for c in matrix.Capability],
            "questions": list(questions()),
            "defaults": default,
            "parameters": list(PARAMS),
        }
    )
    return document


def reason(params: Mapping[str, str]) -> str | None:
    """Why these answers cannot make a project, or None if they can."""
    try:
        selection(params)
    except UserError as err:
        return str(err)
    return None

