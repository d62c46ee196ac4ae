"""The interactive questions, asked with questionary in the user's terminal.

Only the presentation lives here; which questions are asked, in what order and
with which options is decided by :func:`generator.answers.settle`. Going back
is a replay: the answers given so far, less the last, are fed to a fresh
``settle`` and the person is asked from there, so the order and the options of
every question stay settle's alone.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any, TypeVar

import questionary

from . import schema
from .answers import Question, Selection, settle
from .names import InvalidName, ProjectNames, project_names

T = TypeVar("T")

#: Typed at the name prompt (never a valid name): go back one question.
BACK_KEY = "<"


class Back(Exception):
    """The person asked to go back to the previous question."""


_BACK = object()


def _encodable(text: str) -> bool:
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


_DONE = "✔" if _encodable("✔") else "*"


def _width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


def _wrap(text: str, width: int, indent: str = "", first: str = "") -> str:
    """Wrapped at spaces to ``width`` (never inside a word), continuation lines indented."""
    return "\n".join(textwrap.wrap(first + text, width=max(width - 1, 20), subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False))


class _Title(list):
    """A choice's title as prompt_toolkit tokens: the label and its wrapped explanation.

    questionary echoes the chosen title once answered; by then the application
    is done, and the title is the label alone.
    """

    def __init__(self, label: str, lines: str) -> None:
        super().__init__([("class:text", lines)])
        self.label = label

    def __iter__(self) -> Any:
        from prompt_toolkit.application.current import get_app

        if get_app().is_done:
            return iter([("class:text", self.label)])
        return super().__iter__()


#: questionary's pointer (" » ") or the blanks in its place, before every choice.
_POINTER = 3


def _choice_titles(question: Question[Any], width: int) -> list[_Title]:
    """Label, then its explanation wrapped in a column beside the labels (or under them if narrow).

    Wrapped as shown: after questionary's pointer, which the title itself does not hold.
    """
    label_width = max(len(option.title) for option in question.options)
    column = _POINTER + label_width + 2
    titles = []
    for o in question.options:
        if width - column >= 30:
            lines = _wrap(o.explanation, width, " " * column, " " * _POINTER + f"{o.title:<{label_width}}  ")
        else:
            under = " " * (_POINTER + 4)
            lines = " " * _POINTER + o.title + "\n" + _wrap(o.explanation, width, under, under)
        titles.append(_Title(o.title, lines[_POINTER:]))
    return titles


class Wizard:
    """An :class:`~generator.answers.Asker` that asks a person, who can go back at every question.

    ``destination`` is the folder the project folder goes into; the name is
    checked against it as it is typed (``force`` allows a non-empty folder).
    """

    def __init__(self, destination: Path | None = None, force: bool = False) -> None:
        self.destination = destination
        self.force = force
        #: The answers given so far, replayed after going back.
        self._given: list[Any] = []
        self._asked = 0

    def settle(self, given: Any) -> Selection:
        while True:
            self._asked = 0
            try:
                return settle(given, self)
            except Back:
                self._given.pop()

    def _replaying(self) -> bool:
        return self._asked < len(self._given)

    def _answered(self, value: Any) -> Any:
        self._given.append(value)
        self._asked += 1
        return value

    def choose(self, question: Question[T]) -> T:
        width = _width()
        if len(question.options) == 1:
            (only,) = question.options
            if not self._replaying():
                self._not_offered(question, width)
                questionary.print(_wrap(f"{only.title}: {only.explanation} (the only one that fits)", width, "  ",
                                        f"{_DONE} {question.message} "), style="bold")
            return only.value
        if self._replaying():
            self._asked += 1
            return self._given[self._asked - 1]
        self._not_offered(question, width)
        choices = [questionary.Choice(title=title, value=option.value)
                   for title, option in zip(_choice_titles(question, width), question.options, strict=True)]
        if self._asked:
            choices.append(questionary.Choice(title="< back to the previous question", value=_BACK))
        default = choices[question.options.index(question.default_option)]
        answer = questionary.select(question.message, choices=choices, default=default).unsafe_ask()
        if answer is _BACK:
            raise Back
        return self._answered(answer)

    @staticmethod
    def _not_offered(question: Question[Any], width: int) -> None:
        """What the question leaves out and why, also where one option is left and taken without asking."""
        for line in question.missing:
            questionary.print(_wrap(line, width, "    ", "  not offered: "), style="fg:ansibrightblack")

    def _check_name(self, text: str) -> bool | str:
        if text.strip() == BACK_KEY and self._asked:
            return True
        try:
            names = project_names(text)
        except InvalidName as err:
            return str(err)
        if self.destination is not None:
            from .errors import UserError
            from .write import check_destination

            try:  # the same check writing makes, while the name can still change
                check_destination(self.destination / names.slug, self.force)
            except UserError as err:
                return f"{err}; pick another name"
        return True

    def name(self, default: str) -> ProjectNames:
        if self.destination is not None:
            where = f"The project folder goes into {self.destination.resolve()}"
            questionary.print(_wrap(where + (f"; type {BACK_KEY} to go back" if self._asked else ""), _width(), "  ",
                                    "  "), style="fg:ansibrightblack")
        message = schema.BY_KEY["name"].question or "Project name?"
        answer = questionary.text(message, default=default, validate=self._check_name).unsafe_ask()
        if answer.strip() == BACK_KEY and self._asked:
            raise Back
        return project_names(answer)

    def note(self, text: str) -> None:
        if not self._replaying():
            questionary.print(_wrap(text, _width(), "  ", "! "), style="fg:ansiyellow")
