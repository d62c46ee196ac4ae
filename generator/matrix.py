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


#: Why WebSocket needs ASGI; shown by the wizard and in errors. (WSGI can stream a
#: response, and HTTP/2 is the server's business: neither needs ASGI.)
WSGI_LIMIT = (
    "WSGI calls the app once per request with no way to receive a second message from the client, "
    "so it cannot carry {what}"
)

class Database(str, Enum):
    """Where the generated project stores its data; ``none`` leaves the data layer out.

    ``none`` is false, so that a feature answer reads as given only when it adds something
    (as ``--redis`` does), and frameworks without a data layer refuse the other two.
    """

    NONE = "none"
    SQLITE = "sqlite"
    POSTGRES = "postgres"

    def __bool__(self) -> bool:
        return self is not Database.NONE


HTTP = frozenset({Capability.HTTP})
HTTP_WS = frozenset({Capability.HTTP, Capability.WEBSOCKET})
HTTP_H2 = frozenset({Capability.HTTP, Capability.HTTP2})
HTTP_WS_H2 = frozenset({Capability.HTTP, Capability.WEBSOCKET, Capability.HTTP2})
WSGI_ONLY = frozenset({Interface.WSGI})
ASGI_ONLY = frozenset({Interface.ASGI})
BOTH = frozenset({Interface.WSGI, Interface.ASGI})


@dataclass(frozen=True)
class DataLayer:
    """How a project talks to its database: one per interface, so an ASGI app never blocks its event loop.

    ``shared`` names folders under ``templates/shared/`` laid in when a database is chosen;
    the framework's own routes for the example resource are in ``templates/data/<framework>``.
    """

    key: str
    label: str
    interface: Interface
    #: Why this stack for this interface, for ``explain`` and the docs.
    why: str
    #: The driver each database gets, as the docs name it.
    drivers: dict[Database, str]
    #: What the project needs for each database (the stack's own packages included).
    dependencies: dict[Database, tuple[str, ...]]
    #: The SQLAlchemy dialect+driver a URL of each database gets: DATABASE_URL may be a plain
    #: postgresql:// (or postgres://) URL, as hosting providers hand them out.
    dialects: dict[Database, str]
    #: What its tests need besides, whichever database production uses.
    dev_dependencies: tuple[str, ...]
    migration_tool: str
    #: The command that applies the migrations, run in the project folder (and the image's WORKDIR).
    migrate: str
    shared: tuple[str, ...]


#: SQLAlchemy 2 is what both stacks are built on; Alembic is its migration tool.
_SQLALCHEMY = "sqlalchemy>=2.0,<2.1"
_ALEMBIC = "alembic>=1.13,<2"

DATA_LAYERS: tuple[DataLayer, ...] = (
    DataLayer(
        key="sqlalchemy",
        label="SQLAlchemy 2 (sync)",
        interface=Interface.WSGI,
        why="a WSGI worker thread runs one request at a time, so blocking drivers are the simple, right fit",
        drivers={Database.SQLITE: "pysqlite (Python's sqlite3)", Database.POSTGRES: "psycopg 3"},
        dependencies={
            Database.SQLITE: (_SQLALCHEMY, _ALEMBIC),
            Database.POSTGRES: (_SQLALCHEMY, _ALEMBIC, "psycopg[binary]>=3.2,<4"),
        },
        dialects={Database.SQLITE: "sqlite+pysqlite", Database.POSTGRES: "postgresql+psycopg"},
        dev_dependencies=(),
        migration_tool="Alembic",
        migrate="alembic upgrade head",
        shared=("alembic", "sqlalchemy"),
    ),
    DataLayer(
        key="sqlalchemy-async",
        label="SQLAlchemy 2 asyncio",
        interface=Interface.ASGI,
        why=(
            "an ASGI app serves every connection on one event loop: a blocking driver would stall all of them"
            " (WebSocket included), so every query is awaited on an async driver"
        ),
        drivers={Database.SQLITE: "aiosqlite", Database.POSTGRES: "asyncpg"},
        dependencies={
            Database.SQLITE: ("sqlalchemy[asyncio]>=2.0,<2.1", _ALEMBIC, "aiosqlite>=0.20,<1"),
            Database.POSTGRES: ("sqlalchemy[asyncio]>=2.0,<2.1", _ALEMBIC, "asyncpg>=0.30,<1"),
        },
        dialects={Database.SQLITE: "sqlite+aiosqlite", Database.POSTGRES: "postgresql+asyncpg"},
        # The tests run on a throwaway SQLite file unless TEST_DATABASE_URL names another database.
        dev_dependencies=("aiosqlite>=0.20,<1",),
        migration_tool="Alembic",
        migrate="alembic upgrade head",
        shared=("alembic", "sqlalchemy-async"),
    ),
)


def data_layer(key: str) -> DataLayer:
    return next(layer for layer in DATA_LAYERS if layer.key == key)


def describe_data(layer: DataLayer) -> str:
    """One line for ``explain``, ``list`` and the docs: the stack, its drivers, its migrations, and why."""
    drivers = ", ".join(f"{driver} for {db.value}" for db, driver in layer.drivers.items())
    return f"{layer.label} ({drivers}), migrations by {layer.migration_tool}: {layer.why}"


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
    #: What moves the state its processes share onto Redis (Channels' channel layer);
    #: a framework with this offers the ``redis`` answer, and compose runs Redis.
    redis: tuple[str, ...] = ()
    #: Folders under ``templates/shared/`` laid under the framework's own, for
    #: files several frameworks have in common (e.g. tests through WebTest).
    shared: tuple[str, ...] = ()
    #: The server picked for it when none is given, where it fits what was asked;
    #: otherwise the first of DEFAULT_SERVERS that fits.
    default_server: str | None = None
    #: Its data layer (a DATA_LAYERS key) where it offers ``--database``; its own routes for
    #: the example resource are in ``templates/data/<key>``.
    data: str | None = None

    @property
    def template(self) -> str:
        return self.key

    @property
    def data_layer(self) -> DataLayer | None:
        return data_layer(self.data) if self.data else None


@dataclass(frozen=True)
class Server:
    """A server, and how the generated project starts it.

    ``command`` is the start command with ``{app}`` for the framework's import
    target, ``{interface}`` for "wsgi" or "asgi" and ``{shutdown}`` for
    ``shutdown_seconds``. Where it reads ``$HOST`` or ``$PORT`` itself it is run through
    ``sh -c``; a server that reads them from its config file needs no shell.
    ``template`` names the folder under ``templates/servers`` holding its
    config file, if it has one.
    """

    key: str
    label: str
    interfaces: frozenset[Interface]
    #: What it carries besides HTTP/1.1 for ASGI apps (WebSocket); HTTP/2 is ``http2``.
    capabilities: frozenset[Capability]
    summary: str
    command: str
    dependencies: tuple[str, ...]
    #: The config file its template folder adds to the project, if any.
    config: str | None = None
    #: The interfaces whose apps it serves over HTTP/2: the protocol is the server's,
    #: so a WSGI app gets it as readily as an ASGI one where the server speaks it.
    http2: frozenset[Interface] = frozenset()
    #: How HTTP/2 is offered: "h2c" is cleartext with prior knowledge.
    http2_mode: str | None = None
    #: What the project also needs when HTTP/2 is on (e.g. the h2 library through an extra).
    http2_dependencies: tuple[str, ...] = ()
    #: What upstream still calls beta, by what it concerns ("asgi", "websocket", "http2"):
    #: offered, marked as such wherever it is offered, and proved by the same end-to-end test.
    beta: tuple[str, ...] = ()
    #: The environment variables naming a certificate and its key (PEM) that turn TLS on,
    #: where HTTP/2 is agreed by ALPN: browsers speak HTTP/2 over TLS only.
    tls_env: tuple[str, str] | None = None
    #: A server that runs one framework's apps only (e.g. Sanic's own server).
    runs_only: str | None = None
    #: How long it lets requests in flight finish after SIGTERM: its config and
    #: start command say so, and compose and Kubernetes wait a little longer.
    shutdown_seconds: int = 30
    #: What WEB_CONCURRENCY sets, for the README; None where the server runs one process.
    concurrency: str | None = "worker processes (default: one per CPU core)"

    @property
    def template(self) -> str:
        return self.key

    def can(self, capability: Capability, interface: Interface) -> bool:
        """What it can carry for an app of ``interface`` (WebSocket is ASGI's alone)."""
        if interface not in self.interfaces:
            return False
        if capability is Capability.HTTP2:
            return interface in self.http2
        if capability is Capability.WEBSOCKET:
            return interface is Interface.ASGI and capability in self.capabilities
        return True

    def is_beta(self, *concerns: str) -> bool:
        return any(concern in self.beta for concern in concerns)


@dataclass(frozen=True)
class Exclusion:
    """A framework/server pair whose interfaces match but which cannot work."""

    framework: str
    server: str
    reason: str


#: For frameworks without a test client: WebTest drives any WSGI app in-process.
WEBTEST = ("webtest>=3,<4",)

FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        key="flask",
        label="Flask",
        interface=Interface.WSGI,
        capabilities=HTTP_H2,
        summary="the popular micro-framework: small core, explicit app factory",
        app="{package}.wsgi:app",
        test_client="Flask test client (app.test_client())",
        dependencies=("flask>=3.1,<4",),
        sibling="quart",
        data="sqlalchemy",
    ),
    Framework(
        key="bottle",
        label="Bottle",
        interface=Interface.WSGI,
        capabilities=HTTP_H2,
        summary="a single-module micro-framework with no dependencies",
        app="{package}.app:app",
        test_client="WebTest's TestApp (Bottle has no test client of its own)",
        dependencies=("bottle>=0.13,<0.14",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
    ),
    Framework(
        key="django",
        label="Django",
        interface=Interface.WSGI,
        capabilities=HTTP_H2,
        summary="the batteries-included framework: settings, apps, ORM, admin; static files by WhiteNoise",
        app="{package}.wsgi:application",
        test_client="Django's test client (django.test.Client)",
        # Django 6 needs Python 3.12; 5.2 is the LTS release that runs on 3.10 and 3.11.
        dependencies=("django>=5.2,<6", "whitenoise>=6.8,<7"),
        sibling="channels",
        shared=("django",),
    ),
    Framework(
        key="poorwsgi",
        label="PoorWSGI",
        interface=Interface.WSGI,
        capabilities=HTTP_H2,
        summary="a small WSGI framework with decorator routes and no dependencies",
        app="{package}.app:app",
        test_client="WebTest's TestApp (PoorWSGI has no test client of its own)",
        dependencies=("poorwsgi>=2.7,<3",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
    ),
    Framework(
        key="pyramid",
        label="Pyramid",
        interface=Interface.WSGI,
        capabilities=HTTP_H2,
        summary="the Pylons framework: Configurator, declarative views found by scan",
        app="{package}.wsgi:app",
        test_client="WebTest's TestApp, as Pyramid's functional tests use",
        dependencies=("pyramid>=2.0,<3",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
    ),
    Framework(
        key="webpy",
        label="web.py",
        interface=Interface.WSGI,
        capabilities=HTTP_H2,
        summary="URL patterns mapped to classes with one method per HTTP verb",
        app="{package}.app:application",
        test_client="web.py's own app.request()",
        dependencies=("web.py>=0.62,<0.80",),
    ),
    Framework(
        key="web2py",
        label="web2py",
        interface=Interface.WSGI,
        capabilities=HTTP_H2,
        summary="the full-stack framework of applications/controllers, on its web2py-gluon runtime",
        app="{package}.wsgi:application",
        test_client="WebTest's TestApp on gluon.main.wsgibase",
        # web2py's releases are not on PyPI; web2py-gluon packages its runtime (gluon).
        dependencies=("web2py-gluon>=2.26,<2.27",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
        # gluon imports `imp`, which Python 3.12 removed.
        python_requires=">=3.10,<3.12",
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
        # FastAPI 0.165 needs Python 3.11; with 3.10 allowed, `uv run` cannot resolve.
        python_requires=">=3.11",
        data="sqlalchemy-async",
    ),
    Framework(
        key="quart",
        label="Quart",
        interface=Interface.ASGI,
        capabilities=HTTP_WS_H2,
        summary="Flask's API on asyncio: blueprints, app factory, WebSocket routes",
        app="{package}.asgi:app",
        test_client="Quart test client (app.test_client())",
        dependencies=("quart>=0.20,<0.24",),
        # Async tests run on anyio's pytest plugin (no configuration needed).
        dev_dependencies=("anyio>=4,<5",),
        sibling="flask",
        data="sqlalchemy-async",
    ),
    Framework(
        key="sanic",
        label="Sanic",
        interface=Interface.ASGI,
        capabilities=HTTP_WS_H2,
        summary="async framework with its own multi-worker server; also runs under ASGI servers",
        app="{package}.main:app",
        test_client="sanic-testing (app.test_client)",
        dependencies=("sanic>=24.12,<26",),
        dev_dependencies=("sanic-testing>=24.6,<25",),
    ),
    Framework(
        key="channels",
        label="Django Channels",
        interface=Interface.ASGI,
        capabilities=HTTP_WS_H2,
        summary="Django with ASGI routing, WebSocket consumers and channel layers",
        app="{package}.asgi:application",
        test_client="Django's test client and Channels' HttpCommunicator and WebsocketCommunicator",
        dependencies=("django>=5.2,<6", "channels>=4.2,<5"),
        # channels.testing imports Daphne; async tests run on anyio's pytest plugin.
        dev_dependencies=("channels[daphne]>=4.2,<5", "anyio>=4,<5"),
        redis=("channels-redis>=4.2,<5",),
        # The Django project, settings and api app are Django's; Channels adds asgi.py and consumers.
        shared=("django",),
    ),
)

SERVERS: tuple[Server, ...] = (
    Server(
        key="gunicorn",
        label="Gunicorn",
        interfaces=BOTH,
        capabilities=HTTP_WS,
        summary=(
            "the pre-fork server most deployments use: WSGI apps on threaded workers, ASGI apps (with"
            " WebSocket) on its own asgi worker; HTTP/2 for both"
        ),
        command="gunicorn {app}",
        # 26.2 brought cleartext HTTP/2; the asgi worker came in 24.0, HTTP/2 in 25.0.
        dependencies=("gunicorn>=26.2,<28",),
        config="gunicorn.conf.py",
        http2=BOTH,
        http2_mode="h2c",
        http2_dependencies=("gunicorn[http2]>=26.2,<28",),
        # Read by gunicorn.conf.py.
        tls_env=("TLS_CERTFILE", "TLS_KEYFILE"),
        # Gunicorn's docs mark its ASGI worker and its HTTP/2 support as beta.
        beta=("asgi", "http2"),
        concurrency="worker processes (default: two per CPU core, plus one; WSGI workers run four threads each)",
    ),
    Server(
        key="waitress",
        label="Waitress",
        interfaces=WSGI_ONLY,
        capabilities=HTTP,
        summary="pure-Python multi-threaded WSGI server with no dependencies; one process, HTTP/1.1 only",
        # One process; WEB_CONCURRENCY sets its threads (default: 4 per CPU core).
        command=(
            "waitress-serve --listen=${{HOST:-0.0.0.0}}:${{PORT:-8000}}"
            " --threads=${{WEB_CONCURRENCY:-$(( $(nproc) * 4 ))}} --call waitress_app:create_app"
        ),
        dependencies=("waitress>=3,<4",),
        config="waitress_app.py",
        # Waitress's own wait on shutdown, not a setting (waitress_app.py).
        shutdown_seconds=5,
        concurrency="threads in its one process (default: four per CPU core)",
    ),
    Server(
        key="uwsgi",
        label="uWSGI",
        interfaces=WSGI_ONLY,
        capabilities=HTTP,
        summary=(
            "the C application server: master and pre-forked workers, configured by an ini file;"
            " HTTP/1.1 (its own WebSocket API is not WSGI, so WSGI frameworks cannot use it)"
        ),
        command="uwsgi --ini uwsgi.ini",
        # pyuwsgi is uWSGI built as wheels by its maintainers: the slim image has no compiler.
        dependencies=("pyuwsgi>=2.0.28,<2.1",),
        config="uwsgi.ini",
        concurrency="worker processes (default: two per CPU core, plus one)",
    ),
    Server(
        key="uvicorn",
        label="Uvicorn",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS,
        summary=(
            "fast ASGI server on uvloop and httptools; HTTP/1.1 and WebSocket"
            " (its HTTP/2 is experimental upstream, on the zttp parser: not offered)"
        ),
        command=(
            "uvicorn {app} --host ${{HOST:-0.0.0.0}} --port ${{PORT:-8000}}"
            " --workers ${{WEB_CONCURRENCY:-$(nproc)}} --loop uvloop --http httptools"
            " --timeout-graceful-shutdown {shutdown}"
        ),
        dependencies=("uvicorn[standard]>=0.30,<1",),
    ),
    Server(
        key="hypercorn",
        label="Hypercorn",
        interfaces=BOTH,
        capabilities=HTTP_WS,
        summary="ASGI and WSGI server with HTTP/2 (cleartext and TLS) for both, and WebSocket for ASGI apps",
        command="hypercorn --config file:hypercorn.conf.py {app}",
        dependencies=("hypercorn[uvloop]>=0.17,<1",),
        config="hypercorn.conf.py",
        http2=BOTH,
        http2_mode="h2c",
        # Read by hypercorn.conf.py.
        tls_env=("TLS_CERTFILE", "TLS_KEYFILE"),
    ),
    Server(
        key="granian",
        label="Granian",
        interfaces=BOTH,
        capabilities=HTTP_WS,
        summary="Rust HTTP server for WSGI and ASGI apps; HTTP/1.1 and HTTP/2 (cleartext) for both, WebSocket for ASGI",
        command=(
            "granian --interface {interface} --host ${{HOST:-0.0.0.0}} --port ${{PORT:-8000}}"
            " --workers ${{WEB_CONCURRENCY:-$(nproc)}} --loop uvloop --http auto --access-log"
            " --workers-kill-timeout {shutdown} {app}"
        ),
        dependencies=("granian[uvloop]>=2.5,<3",),
        http2=BOTH,
        http2_mode="h2c",
        # Granian reads every option from GRANIAN_* variables too.
        tls_env=("GRANIAN_SSL_CERTIFICATE", "GRANIAN_SSL_KEYFILE"),
    ),
    Server(
        key="daphne",
        label="Daphne",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS,
        summary=(
            "Django Channels' reference ASGI server, on Twisted; HTTP/1.1 and WebSocket, one process"
            " (its HTTP/2 needs TLS and is not offered here)"
        ),
        command=(
            "daphne --bind ${{HOST:-0.0.0.0}} --port ${{PORT:-8000}} --access-log -"
            " --application-close-timeout {shutdown} {app}"
        ),
        dependencies=("daphne>=4.1,<5",),
        shutdown_seconds=10,
        concurrency=None,
    ),
    Server(
        key="sanic",
        label="Sanic server",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS,
        summary="Sanic's own multi-worker server on uvloop and httptools; HTTP/1.1 and WebSocket (no HTTP/2)",
        command=(
            "sanic {app} --host ${{HOST:-0.0.0.0}} --port ${{PORT:-8000}}"
            " --workers ${{WEB_CONCURRENCY:-$(nproc)}} --access-logs --no-motd"
        ),
        # The framework's own dependency brings the server.
        dependencies=(),
        runs_only="sanic",
        # Sanic's GRACEFUL_SHUTDOWN_TIMEOUT default.
        shutdown_seconds=15,
    ),
)

EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        "quart", "daphne",
        "Daphne leaves the optional 'scheme' key out of WebSocket scopes and Quart fails without it "
        "(django/daphne#538)",
    ),
    Exclusion("sanic", "daphne", "Daphne does not speak the ASGI lifespan protocol, which Sanic needs to start"),
    Exclusion(
        "sanic", "hypercorn",
        "Hypercorn sends binary WebSocket messages with 'text': None, which Sanic's ASGI layer reads "
        "as no message, closing the connection",
    ),
)


#: The framework picked for an interface when none is given, whatever capabilities are
#: asked for (each can serve every capability its interface can carry; a test checks it).
#: Defaults are declared, never taken from the order of the tables above.
DEFAULT_FRAMEWORK: dict[Interface, str] = {Interface.WSGI: "flask", Interface.ASGI: "fastapi"}
#: The servers picked, first that fits, for a framework without a default_server of its own
#: (or whose own cannot serve what was asked): the usual production choice per interface first.
DEFAULT_SERVERS: tuple[str, ...] = ("gunicorn", "uvicorn", "hypercorn", "granian")


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
    """A pair can do what its framework can do and its server carries for the framework's interface."""
    return frozenset(cap for cap in fw.capabilities if srv.can(cap, fw.interface))


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
            "beta": sorted(self.beta),
        }

    @property
    def beta(self) -> frozenset[str]:
        """What of this pair upstream calls beta: the server's support for its interface or capabilities."""
        concerns = {self.interface.value, *(cap.value for cap in self.capabilities)}
        return frozenset(concern for concern in self.server.beta if concern in concerns)


@cache
def combinations() -> tuple[Combination, ...]:
    """Every pair that fits, frameworks in matrix order, then servers."""
    return tuple(
        Combination(fw, srv, pair_capabilities(fw, srv))
        for fw in FRAMEWORKS
        for srv in SERVERS
        if pair_fits(fw, srv)
    )
