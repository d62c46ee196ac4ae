"""The interactive questions, asked with questionary in the user's terminal.

Only the presentation lives here; which questions are asked, in what order and
with which options is decided by :func:`generator.answers.settle`.
"""

from __future__ import annotations

from typing import TypeVar

import questionary

from .answers import Question
from .names import InvalidName, ProjectNames, project_names

T = TypeVar("T")


def _validate(text: str) -> bool | str:
    try:
        project_names(text)
    except InvalidName as err:
        return str(err)
    return True


class Wizard:
    """An :class:`~generator.answers.Asker` that asks a person."""

    def choose(self, question: Question[T]) -> T:
        for reason in question.missing:
            questionary.print(f"  not offered: {reason}", style="fg:ansibrightblack")
        if len(question.options) == 1:
            (only,) = question.options
            questionary.print(f"✔ {question.message} {only.title} (the only one that fits)", style="bold")
            return only.value
        choices = [
            questionary.Choice(title=f"{option.title} - {option.explanation}", value=option.value)
            for option in question.options
        ]
        default = choices[question.options.index(question.default_option)]
        return questionary.select(question.message, choices=choices, default=default).unsafe_ask()

    def name(self, default: str) -> ProjectNames:
        answer = questionary.text("Project name?", default=default, validate=_validate).unsafe_ask()
        return project_names(answer)

    def note(self, text: str) -> None:
        questionary.print(f"! {text}", style="fg:ansiyellow")
