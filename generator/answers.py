"""From what the user said (flags, wizard answers) to one complete selection.

The same questions are put in the same order whether a person answers them in
the wizard or ``--no-input`` takes defaults: only the :class:`Asker` differs.
Each question offers only what still fits the answers so far, in matrix order.
Its default is declared (the schema's defaults, the matrix's DEFAULT_FRAMEWORK,
default_server and DEFAULT_SERVERS), never the first in a table; where a flag
rules the declared default out, the default is the fitting option first by name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, make_dataclass, replace
from typing import Any, Generic, Protocol, TypeVar

from . import matrix, schema
from .errors import UserError
from .matrix import Capability, Combination, Interface
from .names import InvalidName, ProjectNames, project_names

T = TypeVar("T")

DEFAULT_NAME = schema.BY_KEY["name"].default
DEFAULT_DESCRIPTION = schema.BY_KEY["description"].default


def _answers_wants(self: Any) -> tuple[Capability, ...]:
    flags = ((Capability.WEBSOCKET, self.websocket), (Capability.HTTP2, self.http2))
    return tuple(cap for cap, on in flags if on)


#: What is known so far, one field per answer in :data:`schema.ANSWERS`; ``None`` means not answered yet.
Answers = make_dataclass(
    "Answers",
    [(answer.key, f"{answer.kind.__name__} | None", field(default=None)) for answer in schema.ANSWERS],
    namespace={"wants": _answers_wants, "__module__": __name__,
               "__doc__": "What is known so far, one field per answer; None means not answered yet."},
    frozen=True,
)


@dataclass(frozen=True)
class Option(Generic[T]):
    value: T
    title: str
    explanation: str


@dataclass(frozen=True)
class Question(Generic[T]):
    key: str
    message: str
    #: In matrix order.
    options: tuple[Option[T], ...]
    #: One line for each choice left out, saying why it does not fit.
    missing: tuple[str, ...] = ()
    #: What --no-input takes and where the wizard's cursor starts; one of the options' values.
    default: T | None = None

    @property
    def default_option(self) -> Option[T]:
        return next((o for o in self.options if o.value == self.default), self.options[0])


class Asker(Protocol):
    def choose(self, question: Question[T]) -> T: ...

    def name(self, default: str) -> ProjectNames: ...

    def note(self, text: str) -> None: ...


def _selection_framework(self: Any) -> matrix.Framework:
    return self.combination.framework


def _selection_server(self: Any) -> matrix.Server:
    return self.combination.server


#: A complete, consistent set of answers: the pair as its combination, the name as
#: project names, and every other answer of :data:`schema.ANSWERS` as given or defaulted.
Selection = make_dataclass(
    "Selection",
    [
        ("combination", Combination),
        ("names", ProjectNames),
        *((a.key, a.kind.__name__, field(default=a.default)) for a in schema.ANSWERS if a.on_selection),
    ],
    namespace={"framework": property(_selection_framework), "server": property(_selection_server),
               "__module__": __name__, "__doc__": "A complete, consistent set of answers."},
    frozen=True,
)


class Defaults:
    """The asker behind ``--no-input``: every open question takes its default."""

    def choose(self, question: Question[T]) -> T:
        return question.default_option.value

    def name(self, default: str) -> ProjectNames:
        return project_names(default)

    def note(self, text: str) -> None:
        pass


def _fits(combo: Combination, answers: Answers) -> bool:
    return (
        (answers.interface is None or combo.interface == answers.interface)
        and (answers.framework is None or combo.framework.key == answers.framework)
        and (answers.server is None or combo.server.key == answers.server)
        and all(combo.can(cap) for cap in answers.wants())
        and all(not getattr(answers, a.key) or _applies(a, combo.framework, answers) for a in schema.features())
        and (answers.python is None or answers.python in combo.pythons)
    )


def candidates(answers: Answers) -> list[Combination]:
    """The pairs that fit, in matrix order but those where what was asked is beta upstream last:
    offered, never a default."""
    return sorted((combo for combo in matrix.combinations() if _fits(combo, answers)), key=lambda c: _beta(c, answers))


def _applies(feature: schema.Answer, fw: matrix.Framework, answers: Answers) -> bool:
    """Whether a feature answer means something here: its framework, and the answers it needs not said no
    (a feature said yes before they are asked leaves only their yes to ask)."""
    return feature.applies_to(fw) and all(getattr(answers, key) is not False for key in feature.requires)


def _beta(combo: Combination, answers: Answers) -> bool:
    """Whether what ``answers`` ask of this pair is beta upstream (its interface, or a capability asked for)."""
    return combo.server.is_beta(combo.interface.value, *(cap.value for cap in answers.wants()))


def _alternatives(answers: Answers, key: str) -> str:
    """The values of one answer that would fit all the other answers."""
    pool = candidates(replace(answers, **{key: None}))
    values = dict.fromkeys(
        getattr(combo, key).key if key in ("framework", "server") else combo.interface.value for combo in pool
    )
    if key == "python":
        values = dict.fromkeys(v for combo in pool for v in reversed(combo.pythons))
    return ", ".join(values) or "none in the matrix"


def _why_wsgi_cannot(caps: tuple[Capability, ...]) -> str:
    return matrix.WSGI_LIMIT.format(what=" or ".join(cap.label for cap in caps))


def check(answers: Answers) -> None:
    """Refuse answers that contradict each other, saying why and what fits."""
    try:
        fw = matrix.framework(answers.framework) if answers.framework else None
        srv = matrix.server(answers.server) if answers.server else None
    except matrix.UnknownName as err:
        raise UserError(str(err)) from None
    iface = answers.interface
    wants = answers.wants()

    if iface and fw and iface not in fw.interfaces:
        raise UserError(
            f"{fw.label} is {matrix.interface_names(fw.interfaces)}, not {iface.name}; "
            f"{iface.name} frameworks: {_alternatives(answers, 'framework')}"
        )
    if iface and srv and iface not in srv.interfaces:
        raise UserError(
            f"{srv.label} does not serve {iface.name}; {iface.name} servers: {_alternatives(answers, 'server')}"
        )
    if fw and srv and not matrix.pair_fits(fw, srv):
        excluded = matrix.exclusion(fw, srv)
        if excluded:
            why = excluded.reason
        elif srv.runs_only:
            why = f"{srv.label} runs only {matrix.framework(srv.runs_only).label} apps"
        else:
            why = (f"{fw.label} is {matrix.interface_names(fw.interfaces)} and {srv.label} serves only "
                   + matrix.interface_names(srv.interfaces))
        raise UserError(f"{why}; servers for {fw.label}: {_alternatives(answers, 'server')}")
    for feature in schema.features():
        if getattr(answers, feature.key) and fw and not feature.applies_to(fw):
            applicable = ", ".join(f.label for f in matrix.FRAMEWORKS if feature.applies_to(f))
            raise UserError(feature.not_applicable.format(framework=fw.label, applicable=applicable))
    if answers.python is not None and answers.python not in matrix.PYTHONS:
        raise UserError(f"Python {answers.python} is not offered; choose one of: {', '.join(matrix.PYTHONS)}")
    for entry in (fw, srv):
        if answers.python and entry and answers.python not in entry.pythons:
            limit = getattr(entry, "python_limit", None)
            raise UserError(
                f"{entry.label} runs on Python {', '.join(entry.pythons)} only"
                + (f": {limit}" if limit else "")
                + f"; Pythons that fit: {_alternatives(answers, 'python')}"
            )
    if answers.database is matrix.Database.SQLITE and answers.kubernetes:
        raise UserError("SQLite keeps its data in one file on one machine, which Kubernetes pods cannot share;"
                        " use --database postgres with --kubernetes")
    if iface is Interface.WSGI and Capability.WEBSOCKET in wants:
        raise UserError(f"{_why_wsgi_cannot((Capability.WEBSOCKET,))}; use --interface asgi")
    for feature in schema.features():
        if getattr(answers, feature.key) and feature.requires:
            _check_requirements(answers, feature)
    for cap in wants:
        if fw and cap not in fw.capabilities:
            sibling = next((f for f in matrix.FRAMEWORKS if f.key == fw.sibling), None)
            instead = (
                f"{sibling.label} offers {fw.label}'s API on {matrix.interface_names(sibling.interfaces)}"
                if sibling
                else f"frameworks that can: {_alternatives(answers, 'framework')}"
            )
            what = "hold a WebSocket" if cap is Capability.WEBSOCKET else f"serve {cap.label}"
            raise UserError(f"{fw.label} is {matrix.interface_names(fw.interfaces)} and cannot {what}; {instead}")
        served = tuple(fw.interfaces) if fw else (iface,) if iface else tuple(srv.interfaces) if srv else ()
        if iface:
            served = tuple(i for i in served if i is iface)
        if srv and not any(srv.can(cap, interface) for interface in served):
            for_ = f" to {served[0].name} apps" if len(served) == 1 and len(srv.interfaces) > 1 else ""
            raise UserError(
                f"{srv.label} cannot serve {cap.label}{for_}; servers that can: {_alternatives(answers, 'server')}"
            )
    if not candidates(answers):
        wanted = ", ".join(cap.label for cap in wants) or "plain HTTP"
        raise UserError(f"no framework and server in the matrix fit these answers together ({wanted})")


def _check_requirements(answers: Answers, feature: schema.Answer) -> None:
    """A feature said yes needs its required answers yes, and possible with the others."""
    needs = " and ".join(schema.BY_KEY[key].flag for key in feature.requires)
    if any(getattr(answers, key) is False for key in feature.requires):
        raise UserError(f"{feature.requires_why}; it needs {needs}")
    if any(getattr(answers, key) is None for key in feature.requires):
        try:
            check(replace(answers, **dict.fromkeys(feature.requires, True)))
        except UserError as err:
            raise UserError(f"{feature.requires_why}, so it needs {needs}, but {err}") from None


def overlay(recorded: Answers, flags: Answers) -> Answers:
    """Flags over recorded answers (an answers file, a project's .sgi-scaffold.yml).

    A flag naming a new framework or interface also frees the recorded server
    (and interface or framework) to be inferred again when they no longer fit;
    a new server frees only the interface; any of them frees the Python. Recorded capabilities and the
    framework otherwise stay, so a change that would lose them is an error
    that says so rather than a silent switch.
    """
    check(recorded)  # recorded answers that contradict each other are an error, whatever the flags
    given = {key: value for key, value in vars(flags).items() if value is not None}
    merged = replace(recorded, **given)
    try:
        check(merged)
    except UserError:
        freed = {"interface"} if flags.server else set()
        if flags.framework or flags.interface:
            freed |= {"interface", "server"}
        if flags.framework or flags.interface or flags.server:
            freed.add("python")  # the recorded Python may not fit the new pair; its newest is taken then
        if flags.interface:
            freed.add("framework")
        merged = replace(replace(recorded, **{key: None for key in freed}), **given)
    return merged


def _why_not(answers: Answers, **change: object) -> str | None:
    try:
        check(replace(answers, **change))
    except UserError as err:
        return str(err)
    return None


_INTERFACE_HELP = {
    Interface.WSGI: "plain functions, one call per request; the simplest (HTTP/2 too, with some servers)",
    Interface.ASGI: "async handlers that live as long as a connection does: what WebSocket and many idle"
    " connections need",
}

#: The first question, in plain words: what the service must do, not which interface.
_CAPABILITY_SETS: tuple[tuple[bool, bool, str, str], ...] = (
    (False, False, "Answer HTTP requests", "one response per request: JSON APIs, web pages, webhooks"),
    (True, False, "Also hold WebSocket connections open",
     "two-way messages on a connection that stays open (an echo at /ws, a broadcast at /events)"),
    (False, True, "Also serve HTTP/2", "many requests at once on one connection (streams)"),
    (True, True, "Both: WebSocket and HTTP/2", "connections held open for WebSocket, and HTTP/2 streams"),
)


def _feature_question(answer: schema.Answer, answers: Answers | None = None) -> Question[Any]:
    """The wizard's question for a feature answer, from its declaration: the options that fit the answers
    so far (no SQLite after Kubernetes, no Kubernetes after SQLite), the others each on a "not offered"
    line with the reason; the declared default, or the answer's fallback where that does not fit."""
    fitting: list[Option[Any]] = []
    missing: list[str] = []
    for option in answer.options:
        why = _why_not(answers, **{answer.key: option[0]}) if answers is not None else None
        if why is None:
            fitting.append(Option(*option))
        else:
            missing.append(f"{option[1]} ({why})")
    values = [option.value for option in fitting]
    default = next((value for value in (answer.default, answer.fallback) if value in values), values[0])
    return Question(answer.key, answer.question or answer.key, tuple(fitting), tuple(missing), default)


def _interface_question(answers: Answers) -> Question[Interface]:
    present = {combo.interface for combo in candidates(answers)}
    declared = schema.BY_KEY["interface"].default
    return Question(
        "interface",
        schema.BY_KEY["interface"].question or "",
        tuple(Option(i, i.label[0].upper() + i.label[1:], _INTERFACE_HELP[i]) for i in Interface if i in present),
        default=declared if declared in present else min(present, key=lambda i: i.value),
    )


def _capability_question(answers: Answers) -> Question[tuple[bool, bool]]:
    pool = candidates(answers)
    required = {key for feature in schema.features() if getattr(answers, feature.key) for key in feature.requires}
    options = []
    for ws, h2, title, help_ in _CAPABILITY_SETS:
        if answers.websocket is not None and ws != answers.websocket:
            continue
        if answers.http2 is not None and h2 != answers.http2:
            continue
        if ("websocket" in required and not ws) or ("http2" in required and not h2):
            continue
        wanted = replace(answers, websocket=ws, http2=h2).wants()
        if any(all(combo.can(cap) for cap in wanted) for combo in pool):
            options.append(Option((ws, h2), title, help_))
    # The default asks for the least: every capability left open off, as the schema declares.
    least = min(options, key=lambda option: sum(option.value))
    return Question("capabilities", schema.BY_KEY["websocket"].question or "", tuple(options), default=least.value)


def _short_reason(answers: Answers, fw: matrix.Framework | None, srv: matrix.Server | None) -> str:
    """A few words on why a framework or a server is not offered; ``sgi-scaffold explain NAME`` says more."""
    if fw:
        wanted = [cap.label for cap in answers.wants() if cap not in fw.capabilities]
    else:
        assert srv is not None and answers.interface is not None
        wanted = [cap.label for cap in answers.wants() if not srv.can(cap, answers.interface)]
    if fw and answers.interface and answers.interface not in fw.interfaces:
        return f"{matrix.interface_names(fw.interfaces)} only"
    if wanted:
        return "no " + " or ".join(wanted)
    if srv and srv.runs_only:
        return f"runs only {matrix.framework(srv.runs_only).label}"
    if srv and answers.framework:
        other: matrix.Framework | matrix.Server = matrix.framework(answers.framework)
    elif fw and answers.server:
        other = matrix.server(answers.server)
    else:
        return "no server fits"
    return f"left out with {other.label}"


#: What a "not offered" line may take, so that with its prefix it fits 80 columns.
NOT_OFFERED_WIDTH = 64


def _not_offered(answers: Answers, kind: str, left_out: list[tuple[str, str]]) -> tuple[str, ...]:
    """One short line for a question: what is left out and why, entries with the same reason together.

    A whole interface is a count ("7 WSGI frameworks (sync only)"); where naming the rest would
    not fit the line either, the largest groups become counts too ("3 servers (no HTTP/2)").
    """
    groups: dict[str, list[str]] = {}
    for label, reason in left_out:
        groups.setdefault(reason, []).append(label)
    parts: dict[str, str] = {}
    for reason, labels in groups.items():
        if reason.endswith(" only") and len(labels) > 3:
            iface = matrix.Interface[reason.split()[0]]
            parts[reason] = f"{len(labels)} {iface.name} {kind} ({iface.label.split()[0]} only)"
        else:
            parts[reason] = f"{', '.join(labels)} ({reason})"
    for reason in sorted(groups, key=lambda r: -len(groups[r])):
        if len("; ".join(parts.values())) <= NOT_OFFERED_WIDTH:
            break
        if len(groups[reason]) > 1 and not parts[reason][0].isdigit():
            parts[reason] = f"{len(groups[reason])} {kind} ({reason})"
    return ("; ".join(parts.values()),) if parts else ()


def _framework_question(answers: Answers) -> Question[str]:
    fits = dict.fromkeys(combo.framework for combo in candidates(answers))
    missing = _not_offered(answers, "frameworks", [
        (fw.label, _short_reason(answers, fw, None))
        for fw in matrix.FRAMEWORKS
        if fw not in fits and _why_not(answers, framework=fw.key)
    ])
    options = tuple(Option(fw.key, fw.label, f"{fw.summary}") for fw in fits)
    keys = [fw.key for fw in fits]
    declared = matrix.DEFAULT_FRAMEWORK.get(answers.interface) if answers.interface else None
    default = declared if declared in keys else min(keys, default=None)
    return Question("framework", schema.BY_KEY["framework"].question or "", options, missing, default)


def _server_question(answers: Answers) -> Question[str]:
    pool = candidates(answers)
    fits = [combo.server for combo in pool]
    missing = _not_offered(answers, "servers", [
        (srv.label, _short_reason(answers, None, srv))
        for srv in matrix.SERVERS
        if srv not in fits and answers.interface in srv.interfaces and _why_not(answers, server=srv.key)
    ])
    options = tuple(Option(srv.key, srv.label, srv.summary) for srv in fits)
    keys = [srv.key for srv in fits]
    fw = matrix.framework(answers.framework) if answers.framework else None
    preferred = (fw.default_server if fw else None, *matrix.DEFAULT_SERVERS)
    # What upstream calls beta is offered but never the default while anything else fits.
    stable = [combo.server.key for combo in pool if not _beta(combo, answers)] or keys
    default = next((key for key in preferred if key in stable), min(stable, default=None))
    return Question("server", schema.BY_KEY["server"].question or "", options, missing, default)


def _python_question(answers: Answers) -> Question[str]:
    """Newest first, and the default: the newest Python every dependency of the pair supports.

    The wizard asks it once the pair is settled; before that (the initializr's list of
    every choice) it offers each Python some pair runs on, the newest the default.
    """
    pool = candidates(answers)
    versions = [v for v in reversed(matrix.PYTHONS) if any(v in combo.pythons for combo in pool)]
    options = tuple(Option(v, f"Python {v}", f"security fixes until {matrix.PYTHON_SUPPORT_ENDS[v]}") for v in versions)
    default = pool[0].default_python if len(pool) == 1 else versions[0]
    return Question("python", schema.BY_KEY["python"].question or "", options, default=default)


def _check_text(label: str, text: str | None) -> None:
    """Free text may hold anything a file can: not NULs, other control characters or lone surrogates."""
    if text is None:
        return
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise UserError(f"the {label} is not valid text in this terminal's encoding; check LANG or LC_ALL")
    bad = next((ch for ch in text if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cs")), None)
    if bad is not None:
        raise UserError(f"the {label} contains the control character {bad!r}; only newlines and tabs are allowed")


def settle(given: Answers, asker: Asker) -> Selection:
    """Ask whatever ``given`` leaves open, in the wizard's order."""
    check(given)
    _check_text("description", given.description)
    _check_text("author", given.author)
    if given.name is not None:
        try:
            names = project_names(given.name)
        except InvalidName as err:
            raise UserError(str(err)) from None
    answers = given
    # What the service must do comes first, in plain words; the interface follows
    # from it (WebSocket leaves only ASGI) or is asked with what it means.
    if answers.websocket is None or answers.http2 is None:
        ws, h2 = asker.choose(_capability_question(answers))
        answers = replace(answers, websocket=ws, http2=h2)
    if answers.interface is None:
        question = _interface_question(answers)
        answers = replace(answers, interface=asker.choose(question))
        if answers.interface is Interface.WSGI and len(question.options) > 1:
            asker.note(matrix.WSGI_NO_BROADCAST)
    if answers.framework is None:
        answers = replace(answers, framework=asker.choose(_framework_question(answers)))
    if answers.server is None:
        answers = replace(answers, server=asker.choose(_server_question(answers)))
    if answers.python is None:
        answers = replace(answers, python=asker.choose(_python_question(answers)))
    (combination,) = candidates(answers)
    for feature in schema.features():
        if getattr(answers, feature.key) is None:
            applies = _applies(feature, combination.framework, answers)
            answers = replace(answers, **{feature.key: asker.choose(_feature_question(feature, answers)) if applies
                                          else feature.inapplicable})
    check(answers)  # features answered in the wizard may not fit together (SQLite on Kubernetes)
    if given.name is None:
        names = asker.name(DEFAULT_NAME)
    kept = {a.key: getattr(answers, a.key) for a in schema.ANSWERS if a.on_selection}
    # Free text the flags left out takes its default; an empty description is kept as given.
    return Selection(combination, names, **{key: value for key, value in kept.items() if value is not None})
