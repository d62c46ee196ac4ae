"""From what the user said (flags, wizard answers) to one complete selection.

The same questions are put in the same order whether a person answers them in
the wizard or ``--no-input`` takes defaults: only the :class:`Asker` differs.
Each question offers only what still fits the answers so far, in matrix order,
so the first option is the default and a flag that rules a default out makes
the next option that fits the default instead.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from . import matrix
from .errors import UserError
from .matrix import Capability, Combination, Interface
from .names import InvalidName, ProjectNames, project_names

T = TypeVar("T")

DEFAULT_NAME = "my-service"
DEFAULT_DESCRIPTION = "A small web service"


@dataclass(frozen=True)
class Answers:
    """What is known so far; ``None`` means not answered yet."""

    interface: Interface | None = None
    websocket: bool | None = None
    http2: bool | None = None
    framework: str | None = None
    server: str | None = None
    name: str | None = None
    #: Free text, never asked by the wizard: flags or an answers file give it.
    description: str | None = None
    author: str | None = None
    #: Kubernetes manifests in k8s/ (optional, off by default).
    kubernetes: bool | None = None
    #: The /events broadcast across processes on Redis, where the WebSocket is chosen (see Framework.redis).
    redis: bool | None = None

    def wants(self) -> tuple[Capability, ...]:
        flags = ((Capability.WEBSOCKET, self.websocket), (Capability.HTTP2, self.http2))
        return tuple(cap for cap, on in flags if on)


@dataclass(frozen=True)
class Option(Generic[T]):
    value: T
    title: str
    explanation: str


@dataclass(frozen=True)
class Question(Generic[T]):
    key: str
    message: str
    #: In matrix order; the first is the default.
    options: tuple[Option[T], ...]
    #: One line for each choice left out, saying why it does not fit.
    missing: tuple[str, ...] = ()


class Asker(Protocol):
    def choose(self, question: Question[T]) -> T: ...

    def name(self, default: str) -> ProjectNames: ...

    def note(self, text: str) -> None: ...


@dataclass(frozen=True)
class Selection:
    """A complete, consistent set of answers."""

    combination: Combination
    websocket: bool
    http2: bool
    names: ProjectNames
    description: str = DEFAULT_DESCRIPTION
    author: str = ""
    kubernetes: bool = False
    redis: bool = False

    @property
    def framework(self) -> matrix.Framework:
        return self.combination.framework

    @property
    def server(self) -> matrix.Server:
        return self.combination.server


class Defaults:
    """The asker behind ``--no-input``: every open question takes its default."""

    def choose(self, question: Question[T]) -> T:
        return question.options[0].value

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
        and (not answers.redis or (bool(combo.framework.redis) and combo.can(Capability.WEBSOCKET)))
    )


def candidates(answers: Answers) -> list[Combination]:
    return [combo for combo in matrix.combinations() if _fits(combo, answers)]


def _alternatives(answers: Answers, key: str) -> str:
    """The values of one answer that would fit all the other answers."""
    pool = candidates(replace(answers, **{key: None}))
    values = dict.fromkeys(
        getattr(combo, key).key if key in ("framework", "server") else combo.interface.value for combo in pool
    )
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

    if iface and fw and fw.interface != iface:
        raise UserError(
            f"{fw.label} is {fw.interface.name}, not {iface.name}; "
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
            why = f"{fw.label} is {fw.interface.name} and {srv.label} serves only " + " and ".join(
                i.name for i in sorted(srv.interfaces)
            )
        raise UserError(f"{why}; servers for {fw.label}: {_alternatives(answers, 'server')}")
    if answers.redis and fw and not fw.redis:
        raise UserError(
            f"{fw.label} has no WebSocket broadcast for Redis to carry; --redis is for "
            + ", ".join(f.label for f in matrix.FRAMEWORKS if f.redis)
            + " (with --websocket)"
        )
    if answers.redis and iface is Interface.WSGI:
        raise UserError(f"{matrix.WSGI_NO_BROADCAST}; --redis needs --interface asgi")
    if answers.redis and answers.websocket is False:
        raise UserError("--redis carries the /events WebSocket broadcast between processes; it needs --websocket")
    if iface is Interface.WSGI and wants:
        raise UserError(f"{_why_wsgi_cannot(wants)}; use --interface asgi")
    for cap in wants:
        if fw and cap not in fw.capabilities:
            sibling = next((f for f in matrix.FRAMEWORKS if f.key == fw.sibling), None)
            instead = (
                f"{sibling.label} offers {fw.label}'s API on {sibling.interface.name}"
                if sibling
                else f"frameworks that can: {_alternatives(answers, 'framework')}"
            )
            what = "hold a WebSocket" if cap is Capability.WEBSOCKET else f"serve {cap.label}"
            raise UserError(f"{fw.label} is {fw.interface.name} and cannot {what}; {instead}")
        if srv and cap not in srv.capabilities:
            raise UserError(
                f"{srv.label} cannot serve {cap.label}; servers that can: {_alternatives(answers, 'server')}"
            )
    if not candidates(answers):
        wanted = ", ".join(cap.label for cap in wants) or "plain HTTP"
        raise UserError(f"no framework and server in the matrix fit these answers together ({wanted})")


def overlay(recorded: Answers, flags: Answers) -> Answers:
    """Flags over recorded answers (an answers file, a project's .sgi-scaffold.yml).

    A flag naming a new framework or interface also frees the recorded server
    (and interface or framework) to be inferred again when they no longer fit;
    a new server frees only the interface. Recorded capabilities and the
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
    Interface.WSGI: "one synchronous call per request: simple, plain HTTP",
    Interface.ASGI: "async events per connection: WebSocket, HTTP/2, long-poll",
}

_CAPABILITY_SETS: tuple[tuple[bool, bool, str, str], ...] = (
    (False, False, "HTTP only", "plain request/response; any framework fits"),
    (True, False, "WebSocket", "connections held open: an echo at /ws, a broadcast at /events"),
    (False, True, "HTTP/2", "multiplexed streams on one connection"),
    (True, True, "WebSocket and HTTP/2", "both of the above"),
)


_KUBERNETES_QUESTION: Question[bool] = Question(
    "kubernetes",
    "Kubernetes manifests?",
    (
        Option(False, "No", "a Dockerfile and compose.yaml only"),
        Option(True, "Yes", "also k8s/: Deployment, Service, autoscaler and Ingress"),
    ),
)


_REDIS_QUESTION: Question[bool] = Question(
    "redis",
    "Broadcast /events through Redis?",
    (
        Option(False, "No", "in memory: a message reaches the clients of the process it was posted to"),
        Option(True, "Yes", "Redis: every worker and replica; compose runs a Redis service"),
    ),
)


def _interface_question(answers: Answers) -> Question[Interface]:
    present = {combo.interface for combo in candidates(answers)}
    return Question(
        "interface",
        "Sync or async?",
        tuple(Option(i, i.label, _INTERFACE_HELP[i]) for i in Interface if i in present),
    )


def _capability_question(answers: Answers) -> Question[tuple[bool, bool]]:
    pool = candidates(answers)
    options = []
    for ws, h2, title, help_ in _CAPABILITY_SETS:
        if answers.websocket is not None and ws != answers.websocket:
            continue
        if answers.http2 is not None and h2 != answers.http2:
            continue
        if answers.redis and not ws:
            continue
        wanted = replace(answers, websocket=ws, http2=h2).wants()
        if any(all(combo.can(cap) for cap in wanted) for combo in pool):
            options.append(Option((ws, h2), title, help_))
    return Question("capabilities", "What must it serve?", tuple(options))


def _framework_question(answers: Answers) -> Question[str]:
    fits = dict.fromkeys(combo.framework for combo in candidates(answers))
    missing = tuple(
        reason
        for fw in matrix.FRAMEWORKS
        if fw not in fits and (reason := _why_not(answers, framework=fw.key))
    )
    options = tuple(Option(fw.key, fw.label, f"{fw.summary}") for fw in fits)
    return Question("framework", "Framework?", options, missing)


def _server_question(answers: Answers) -> Question[str]:
    fits = [combo.server for combo in candidates(answers)]
    missing = tuple(
        reason
        for srv in matrix.SERVERS
        if srv not in fits
        and answers.interface in srv.interfaces
        and (reason := _why_not(answers, server=srv.key))
    )
    options = tuple(Option(srv.key, srv.label, srv.summary) for srv in fits)
    return Question("server", "Server?", options, missing)


def _check_text(label: str, text: str | None) -> None:
    """Free text may hold anything a file can: not NULs, other control characters or lone surrogates."""
    if text is None:
        return
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
    if answers.interface is None:
        answers = replace(answers, interface=asker.choose(_interface_question(answers)))
    if answers.websocket is None or answers.http2 is None:
        # The interface picked in the wizard does not narrow this question:
        # asking for more than WSGI can do moves on to ASGI, with the reason.
        ws, h2 = asker.choose(_capability_question(replace(answers, interface=given.interface)))
        answers = replace(answers, websocket=ws, http2=h2)
        if not candidates(answers):
            async_ = replace(answers, interface=Interface.ASGI)
            asker.note(f"{_why_wsgi_cannot(answers.wants())}: moving on with ASGI.")
            answers = async_
        elif given.interface is None and answers.interface is Interface.WSGI:
            asker.note(f"{matrix.WSGI_NO_BROADCAST}.")
    if answers.framework is None:
        answers = replace(answers, framework=asker.choose(_framework_question(answers)))
    if answers.server is None:
        answers = replace(answers, server=asker.choose(_server_question(answers)))
    if answers.redis is None:
        (combo,) = candidates(answers)
        offered = bool(combo.framework.redis) and bool(answers.websocket)
        answers = replace(answers, redis=asker.choose(_REDIS_QUESTION) if offered else False)
    if answers.kubernetes is None:
        answers = replace(answers, kubernetes=asker.choose(_KUBERNETES_QUESTION))
    if given.name is None:
        names = asker.name(DEFAULT_NAME)
    (combination,) = candidates(answers)
    return Selection(
        combination,
        bool(answers.websocket),
        bool(answers.http2),
        names,
        DEFAULT_DESCRIPTION if given.description is None else given.description,
        given.author or "",
        bool(answers.kubernetes),
        bool(answers.redis),
    )
