"""The one source of truth for what fits with what.

The wizard, the CLI flags, ``sgi-scaffold list``, ``docs/matrix.md`` and the
generator's own test matrix all read the tables in this module, so that adding a
framework or a server is one entry here plus one template folder under
``templates/``; nothing else should need to know framework or server names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cache


class Interface(str, Enum):
    """The gateway interface an application speaks to its server."""

    WSGI = "wsgi"
    ASGI = "asgi"

    @property
    def label(self) -> str:
        return "sync (WSGI)" if self is Interface.WSGI else "async (ASGI)"


class Capability(str, Enum):
    """What a connection can carry; plain HTTP/1.1 is always there."""

    HTTP = "http"
    WEBSOCKET = "websocket"
    HTTP2 = "http2"

    @property
    def label(self) -> str:
        return {"http": "HTTP", "websocket": "WebSocket", "http2": "HTTP/2"}[self.value]


#: Why the optional capabilities need ASGI; shown by the wizard and in errors.
WSGI_LIMIT = (
    "WSGI calls the app once per request and takes one response back, "
    "so it cannot hold a connection open for {what}"
)

HTTP = frozenset({Capability.HTTP})
HTTP_WS = frozenset({Capability.HTTP, Capability.WEBSOCKET})
HTTP_WS_H2 = frozenset({Capability.HTTP, Capability.WEBSOCKET, Capability.HTTP2})


@dataclass(frozen=True)
class Framework:
    """A web framework and what its generated project needs.

    ``app`` is the import target a server loads, ``module:attribute`` with
    ``{package}`` for the project's import name (no factory call: not every
    server can call one); ``template`` names the folder under
    ``templates/frameworks``.
    """

    key: str
    label: str
    interface: Interface
    capabilities: frozenset[Capability]
    summary: str
    app: str
    test_client: str
    dependencies: tuple[str, ...]
    dev_dependencies: tuple[str, ...] = ()
    #: The project's requires-python; narrower where the framework needs it.
    python_requires: str = ">=3.10"
    #: A framework in the matrix offering a similar API on the other interface,
    #: suggested when this one cannot do what was asked.
    sibling: str | None = None

    @property
    def template(self) -> str:
        return self.key


@dataclass(frozen=True)
class Server:
    """A server, and how the generated project starts it.

    ``command`` is the start command with ``{app}`` for the framework's import
    target and ``{interface}`` for "wsgi" or "asgi". Where it reads ``$HOST`` or ``$PORT`` itself it is run through
    ``sh -c``; a server that reads them from its config file needs no shell.
    ``template`` names the folder under ``templates/servers`` holding its
    config file, if it has one.
    """

    key: str
    label: str
    interfaces: frozenset[Interface]
    capabilities: frozenset[Capability]
    summary: str
    command: str
    dependencies: tuple[str, ...]
    #: The config file its template folder adds to the project, if any.
    config: str | None = None
    #: How HTTP/2 is offered: "h2c" is cleartext with prior knowledge.
    http2_mode: str | None = None
    #: A server that runs one framework's apps only (e.g. Sanic's own server).
    runs_only: str | None = None

    @property
    def template(self) -> str:
        return self.key


@dataclass(frozen=True)
class Exclusion:
    """A framework/server pair whose interfaces match but which cannot work."""

    framework: str
    server: str
    reason: str


FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        key="flask",
        label="Flask",
        interface=Interface.WSGI,
        capabilities=HTTP,
        summary="the popular micro-framework: small core, explicit app factory",
        app="{package}.wsgi:app",
        test_client="Flask test client (app.test_client())",
        dependencies=("flask>=3.1,<4",),
        sibling="quart",
    ),
    Framework(
        key="fastapi",
        label="FastAPI",
        interface=Interface.ASGI,
        capabilities=HTTP_WS_H2,
        summary="typed async APIs with validation and OpenAPI docs built in",
        app="{package}.main:app",
        test_client="FastAPI TestClient (fastapi.testclient)",
        dependencies=("fastapi>=0.165,<1",),
        dev_dependencies=("httpx2>=2,<3",),
    ),
)

SERVERS: tuple[Server, ...] = (
    Server(
        key="gunicorn",
        label="Gunicorn",
        interfaces=frozenset({Interface.WSGI}),
        capabilities=HTTP,
        summary="the pre-fork WSGI server most deployments use",
        command="gunicorn {app}",
        dependencies=("gunicorn>=23,<28",),
        config="gunicorn.conf.py",
    ),
    Server(
        key="uvicorn",
        label="Uvicorn",
        interfaces=frozenset({Interface.ASGI}),
        capabilities=HTTP_WS,
        summary="fast ASGI server on uvloop and httptools; HTTP/1.1 and WebSocket",
        command=(
            "uvicorn {app} --host ${{HOST:-0.0.0.0}} --port ${{PORT:-8000}}"
            " --workers ${{WEB_CONCURRENCY:-$(nproc)}}"
        ),
        dependencies=("uvicorn[standard]>=0.30,<1",),
    ),
    Server(
        key="hypercorn",
        label="Hypercorn",
        interfaces=frozenset({Interface.ASGI}),
        capabilities=HTTP_WS_H2,
        summary="ASGI server with HTTP/2 (cleartext and TLS) and WebSocket",
        command="hypercorn --config file:hypercorn.conf.py {app}",
        dependencies=("hypercorn[uvloop]>=0.17,<1",),
        config="hypercorn.conf.py",
        http2_mode="h2c",
    ),
)

EXCLUSIONS: tuple[Exclusion, ...] = ()


class UnknownName(LookupError):
    """A framework or server name that is not in the matrix."""


def framework(key: str) -> Framework:
    for entry in FRAMEWORKS:
        if entry.key == key:
            return entry
    raise UnknownName(f"unknown framework {key!r}; choose one of: {', '.join(f.key for f in FRAMEWORKS)}")


def server(key: str) -> Server:
    for entry in SERVERS:
        if entry.key == key:
            return entry
    raise UnknownName(f"unknown server {key!r}; choose one of: {', '.join(s.key for s in SERVERS)}")


def exclusion(fw: Framework, srv: Server) -> Exclusion | None:
    for entry in EXCLUSIONS:
        if entry.framework == fw.key and entry.server == srv.key:
            return entry
    return None


def pair_fits(fw: Framework, srv: Server) -> bool:
    return (
        fw.interface in srv.interfaces
        and srv.runs_only in (None, fw.key)
        and exclusion(fw, srv) is None
    )


def pair_capabilities(fw: Framework, srv: Server) -> frozenset[Capability]:
    """A pair can do what both its framework and its server can do."""
    return fw.capabilities & srv.capabilities


@dataclass(frozen=True)
class Combination:
    """A framework/server pair that fits, with what it can carry."""

    framework: Framework
    server: Server
    capabilities: frozenset[Capability] = field(default_factory=frozenset)

    @property
    def interface(self) -> Interface:
        return self.framework.interface

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def as_json(self) -> dict[str, object]:
        return {
            "framework": self.framework.key,
            "server": self.server.key,
            "interface": self.interface.value,
            "websocket": self.can(Capability.WEBSOCKET),
            "http2": self.can(Capability.HTTP2),
            "http2_mode": self.server.http2_mode if self.can(Capability.HTTP2) else None,
        }


@cache
def combinations() -> tuple[Combination, ...]:
    """Every pair that fits, frameworks in matrix order, then servers."""
    return tuple(
        Combination(fw, srv, pair_capabilities(fw, srv))
        for fw in FRAMEWORKS
        for srv in SERVERS
        if pair_fits(fw, srv)
    )
