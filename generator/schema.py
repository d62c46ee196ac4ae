"""Every answer a project is generated from, declared once.

Each :class:`Answer` says what the answer is (key, type, default), how it is
given (its flag on ``new``, ``template`` and ``update``), how it is asked
(question text and options for the wizard), where it applies, and where it
goes (its template context variable, its line in ``.sgi-scaffold.yml``, its
cookiecutter prompt). The CLI flags, the answers-file reader, the wizard's
generic questions, :class:`~generator.answers.Answers` and
:class:`~generator.answers.Selection`, the template context, the base
``cookiecutter.json`` and the ``.sgi-scaffold.yml`` template are all derived
from :data:`ANSWERS`, so adding an answer is one declaration here plus the
templates that use it (then ``python -m generator.docs`` rewrites the two
generated template files).

The matrix answers (interface, capabilities, framework, server) and the
project name are asked by :func:`generator.answers.settle` with logic of their
own (they narrow each other); the feature answers after them (``stage``
``service`` or ``deploy``) are asked generically, in declaration order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from . import matrix
from .matrix import Database, Framework, Interface

#: Answers fall into stages; each consumer lists the stages in its own order,
#: and answers within a stage keep their declaration order. The wizard and the
#: flags go from what the service speaks to how it is deployed and what it is called...
ASKED = ("protocol", "pair", "service", "deploy", "project")
#: ...``.sgi-scaffold.yml`` starts with who and what the project is and ends with the pair...
RECORDED = ("project", "protocol", "deploy", "service", "pair")
#: ...and cookiecutter.json follows cookiecutter's habit of the name first.
COOKIECUTTER = ("project", "pair", "protocol", "deploy", "service")


@dataclass(frozen=True)
class Answer:
    """One answer: what it is, how it is given and asked, and where it goes."""

    key: str
    #: bool, str, or an Enum whose values are the accepted strings.
    kind: type
    stage: str
    #: The help of its command-line flag.
    help: str
    #: Its value when nobody gives it: --no-input, cookiecutter.json, where it does not apply.
    default: Any = None
    #: The wizard's question, and its options as (value, title, explanation), the default first.
    question: str | None = None
    options: tuple[tuple[Any, str, str], ...] = ()
    #: The cookiecutter prompt of its context variable.
    prompt: str | None = None
    #: Its template context variable, where that is not ``key``.
    context: str | None = None
    metavar: str | None = None
    #: Whether ``update`` can change it (free text is fixed by the first generation).
    update: bool = True
    #: Where a feature applies; given elsewhere it is an error with ``not_applicable``'s words,
    #: which may name ``{framework}`` and ``{applicable}`` (the frameworks it applies to).
    applies: Callable[[Framework], bool] | None = None
    not_applicable: str = ""
    #: Names completion offers for its flag, read from the matrix.
    names: Callable[[], tuple[str, ...]] | None = None
    #: A yes/no feature whose yes adds the layer templates/features/<key>.
    layer: bool = False
    #: Other yes/no answers it needs said yes to apply (asked only then), and why, in the words
    #: of the error when one of them is no or cannot be yes with the other answers.
    requires: tuple[str, ...] = ()
    requires_why: str = ""
    #: Its value where it does not apply, where that is not its default.
    absent: Any = None
    #: Its default where the declared one does not fit the answers given before it is asked
    #: (SQLite with Kubernetes: PostgreSQL).
    fallback: Any = None
    #: Whether ``.sgi-scaffold.yml`` has its line when it has the value a record without the line
    #: means (:attr:`unrecorded`): an answer added later leaves the projects that do not use it as they were.
    recorded_at_default: bool = True
    #: What a project's record written before this answer existed means by leaving it out: the
    #: project as it was made then (an answer added later with a new default must not change it).
    when_unrecorded: Any = None

    @property
    def unrecorded(self) -> Any:
        """What a project's record without its line means: as it was made before the answer existed, or its default."""
        return self.default if self.when_unrecorded is None else self.when_unrecorded

    @property
    def inapplicable(self) -> Any:
        """What it is for a framework it does not apply to."""
        return self.default if self.absent is None else self.absent

    @property
    def variable(self) -> str:
        """Its name in the template context and cookiecutter.json."""
        return self.context or self.key

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def feature(self) -> bool:
        """Asked generically after the server, from its declaration alone."""
        return self.stage in ("service", "deploy")

    @property
    def on_selection(self) -> bool:
        """Kept on Selection as given; the others become its combination and project names."""
        return self.key not in ("interface", "name", "framework", "server")

    def applies_to(self, fw: Framework) -> bool:
        return self.applies is None or self.applies(fw)

    def parse(self, text: Any) -> Any:
        """A flag's or a file's value as the answer's type (an Enum from its value)."""
        if text is None or not (isinstance(self.kind, type) and issubclass(self.kind, Enum)):
            return text
        return self.kind(text)

    def choices(self) -> tuple[str, ...] | None:
        if isinstance(self.kind, type) and issubclass(self.kind, Enum):
            return tuple(member.value for member in self.kind)
        return None


#: What ``--database`` gives when it is not asked, where the framework has a data layer (none elsewhere):
#: a service stores something, and SQLite needs nothing beside the app. With Kubernetes, whose pods
#: cannot share one file, the default is PostgreSQL (the answer's fallback).
DATABASE_DEFAULT = Database.SQLITE
_DATABASE_OPTIONS = (
    (Database.NONE, "No", "no data layer"),
    (Database.SQLITE, "SQLite", "one file, nothing to run beside the app; compose shares it, Kubernetes cannot"),
    (Database.POSTGRES, "PostgreSQL", "a server: compose runs one, Kubernetes reads its URL from a Secret"),
)


def _matrix_names(table: str) -> Callable[[], tuple[str, ...]]:
    return lambda: tuple(entry.key for entry in getattr(matrix, table))


ANSWERS: tuple[Answer, ...] = (
    Answer(
        "interface", Interface, "protocol", "sync (wsgi, the default) or async (asgi)",
        default=Interface.WSGI, question="Sync or async code?",
    ),
    Answer(
        "websocket", bool, "protocol", "a WebSocket echo at /ws and a broadcast at /events (needs asgi)",
        default=False, question="What must the service do?", prompt="WebSocket echo at /ws and broadcast at /events?",
    ),
    Answer("http2", bool, "protocol", "serve HTTP/2 (a server that can, for WSGI or ASGI apps)",
           default=False, prompt="HTTP/2?"),
    Answer(
        "framework", str, "pair", "framework name, see 'sgi-scaffold list'",
        default="flask", question="Framework?", metavar="F", names=_matrix_names("FRAMEWORKS"),
    ),
    Answer(
        "server", str, "pair", "server name, see 'sgi-scaffold list'",
        default="gunicorn", question="Server?", metavar="S", names=_matrix_names("SERVERS"),
    ),
    Answer(
        "python", str, "pair",
        "the Python it targets: requires-python, the Docker base image, CI and ruff follow it"
        " (default: the newest the framework and server both run on)",
        # What cookiecutter.json says; settle() defaults to the newest Python the chosen pair runs on.
        default=matrix.PYTHONS[-1], question="Python?", prompt="Python version", context="python_version",
        metavar="|".join(matrix.PYTHONS), names=lambda: matrix.PYTHONS,
        # Every project made before Python was an answer targeted 3.11.
        when_unrecorded="3.11",
    ),
    Answer(
        "redis", bool, "service",
        "ASGI with --websocket: /events broadcasts reach every process through Redis,"
        " with a Redis service in compose.yaml (default: no)",
        default=False,
        question="Broadcast /events through Redis?",
        options=(
            (False, "No", "in memory: a message reaches the clients of the process it was posted to"),
            (True, "Yes", "Redis: every worker and replica; compose runs a Redis service"),
        ),
        prompt="Broadcast /events through Redis?",
        applies=lambda fw: bool(fw.redis),
        requires=("websocket",),
        requires_why="--redis carries the /events WebSocket broadcast between processes",
        not_applicable="{framework} has no WebSocket broadcast for Redis to carry; --redis is for {applicable}"
        " (with --websocket)",
    ),
    Answer(
        "database", Database, "service",
        "store data: an items resource on SQLAlchemy/Alembic, sync for WSGI and async for ASGI"
        f" (default: {DATABASE_DEFAULT.value}, postgres with --kubernetes, none where the framework has no data layer)",
        default=DATABASE_DEFAULT,
        fallback=Database.POSTGRES,
        question="Store data?",
        options=tuple(sorted(_DATABASE_OPTIONS, key=lambda option: option[0] is not DATABASE_DEFAULT)),
        prompt="Database (none, sqlite or postgres)",
        applies=lambda fw: fw.data is not None,
        not_applicable="the data layer is not written for {framework} yet; --database is for {applicable}",
        absent=Database.NONE,
        # Recorded only when it is not none: projects recorded before the default was sqlite replay as they were.
        recorded_at_default=False,
        when_unrecorded=Database.NONE,
    ),
    Answer(
        "observability", bool, "service",
        "JSON logs with request IDs, Prometheus /metrics and OpenTelemetry traces (set by OTEL_* variables)"
        " through one WSGI or ASGI middleware (default: yes)",
        default=True,
        question="Logs, metrics and traces?",
        options=(
            (True, "Yes", "JSON logs with request IDs, /metrics for Prometheus, OpenTelemetry when OTEL_* is set"),
            (False, "No", "the server's own plain logs; no middleware, no /metrics, no extra dependency"),
        ),
        prompt="Logs, metrics and traces?",
        layer=True,
        when_unrecorded=False,
    ),
    Answer(
        "kubernetes", bool, "deploy", "add Kubernetes manifests in k8s/ (default: no)",
        default=False,
        question="Kubernetes manifests?",
        options=(
            (False, "No", "a Dockerfile and compose.yaml only"),
            (True, "Yes", "also k8s/: Deployment, Service, autoscaler, Gateway API route"),
        ),
        prompt="Kubernetes manifests?",
        layer=True,
    ),
    Answer(
        "name", str, "project", "project name (default: my-service)",
        default="my-service", question="Project name?", prompt="Project name", context="project_name",
        update=False,
    ),
    Answer(
        "description", str, "project", "one line for the README and pyproject.toml",
        default="A small web service", question="Description?", prompt="One-line description", update=False,
    ),
    Answer(
        "author", str, "project", "the author's name for pyproject.toml",
        default="", question="Author?", prompt="Author (optional)", update=False,
    ),
)

BY_KEY: dict[str, Answer] = {answer.key: answer for answer in ANSWERS}


def ordered(stages: tuple[str, ...]) -> list[Answer]:
    """The answers by stage in the given order, each stage in declaration order."""
    return sorted(ANSWERS, key=lambda answer: stages.index(answer.stage))


def features() -> list[Answer]:
    """The answers the wizard asks generically after the server, in asking order."""
    return [answer for answer in ordered(ASKED) if answer.feature]


#: cookiecutter.json's questions that are not answers: derived from the name, so an
#: exported template renamed by cookiecutter renames everything.
_DERIVED = {
    "project_slug": ("{{ cookiecutter.project_name.strip().lower().replace(' ', '-').replace('_', '-') }}",
                     "Directory and distribution name"),
    "package_name": ("{{ cookiecutter.project_slug.replace('-', '_') }}", "Python import name"),
}
#: cookiecutter.json's values that are not answers (the context sets them).
_FIXED: dict[str, Any] = {"_sgi": {}}


def _json_default(answer: Answer) -> Any:
    return answer.default.value if isinstance(answer.default, Enum) else answer.default


def cookiecutter_json() -> str:
    """templates/base/cookiecutter.json: every answer's default and prompt, the derived names after the name."""
    questions: dict[str, Any] = {}
    prompts: dict[str, str] = {}
    for answer in ordered(COOKIECUTTER):
        questions[answer.variable] = _json_default(answer)
        if answer.prompt:
            prompts[answer.variable] = answer.prompt
        if answer.key == "name":
            questions.update({key: expr for key, (expr, _) in _DERIVED.items()})
            prompts.update({key: prompt for key, (_, prompt) in _DERIVED.items()})
    questions.update(_FIXED)
    questions["__prompts__"] = prompts
    return json.dumps(questions, indent=2, ensure_ascii=False) + "\n"


def _record_value(answer: Answer) -> str:
    variable = f"cookiecutter.{answer.variable}"
    if answer.kind is bool:
        return "{{ " + variable + " | lower }}"
    if answer.kind is str and (answer.stage == "project" or answer.key == "python"):
        return "{{ " + variable + " | yaml }}"  # free text, and a version YAML would read as a number: quoted
    return "{{ " + variable + " }}"


def _record_line(answer: Answer) -> str:
    """Its line; one recorded only away from what its absence means is written only then."""
    line = f"{answer.key}: {_record_value(answer)}\n"
    if answer.recorded_at_default:
        return line
    unrecorded = answer.unrecorded.value if isinstance(answer.unrecorded, Enum) else answer.unrecorded
    return f"{{% if cookiecutter.{answer.variable} != {unrecorded!r} %}}{line}{{% endif %}}"


def record_template() -> str:
    """The base template's .sgi-scaffold.yml: one line per answer, so a project can be generated again."""
    lines = [
        "# The answers this project was generated from. To generate it again elsewhere:\n",
        "#   sgi-scaffold new --answers .sgi-scaffold.yml -o OTHER_DIR\n",
        "sgi_scaffold_version: {{ cookiecutter._sgi.version | yaml }}\n",
        *(_record_line(answer) for answer in ordered(RECORDED)),
    ]
    return "".join(lines)


#: Files under templates/ written from this module by ``python -m generator.docs``.
GENERATED_TEMPLATES: dict[str, Callable[[], str]] = {
    "base/cookiecutter.json": cookiecutter_json,
    "base/{{cookiecutter.project_slug}}/.sgi-scaffold.yml": record_template,
}
