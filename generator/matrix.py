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

WSGI_ONLY = frozenset({Interface.WSGI})
ASGI_ONLY = frozenset({Interface.ASGI})
#: A framework with an app for each interface (Falcon: falcon.App and falcon.asgi.App).
BOTH = frozenset(Interface)


def interface_names(interfaces: frozenset[Interface]) -> str:
    """"WSGI", "ASGI" or "WSGI and ASGI", for messages."""
    return " and ".join(i.name for i in Interface if i in interfaces)

#: Proxies whose X-Forwarded-* headers servers believe unless FORWARDED_ALLOW_IPS says
#: otherwise: loopback and the private networks compose and Kubernetes clusters use.
TRUSTED_PROXIES = "127.0.0.1,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16"
#: WEBSOCKET_MAX_SIZE's default, in bytes: the largest WebSocket message a server takes.
WEBSOCKET_MAX_SIZE = 1024 * 1024
#: The largest request head (HTTP/1.1) a server takes where the project sets the limit
#: (``Server.header_limit``); HTTP/2 header lists (counted as RFC 9113 does: name, value and 32 bytes
#: a field) must be smaller than it.
HEADER_LIMIT = 64 * 1024
#: What the wizard says WSGI gives up when it is chosen: ASGI's /events broadcast.
WSGI_NO_BROADCAST = (
    "WSGI has no WebSocket to push on and no event loop for a background task between requests,"
    " so it cannot broadcast /events to connected clients as ASGI projects do"
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

#: The Pythons a project can target, oldest first: those the end-to-end tests run generated
#: projects on here. 3.10 is left out: its security support ends in October 2026 and FastAPI
#: has dropped it; 3.14 cannot be installed on these machines, so no test could prove it.
PYTHONS: tuple[str, ...] = ("3.11", "3.12", "3.13")
#: When each stops getting security fixes (PEP 664, 693, 719): shown where a Python is chosen.
PYTHON_SUPPORT_ENDS = {"3.11": "October 2027", "3.12": "October 2028", "3.13": "October 2029"}


@dataclass(frozen=True)
class DataLayer:
    """How a project talks to its database: one per interface, so an ASGI app never blocks its event loop
    (or one with an API for each, as Django's ORM).

    ``shared`` names folders under ``templates/shared/`` laid in when a database is chosen;
    the framework's own routes for the example resource are in ``templates/data/<framework>``
    (Django's and Channels' are the layer's own: the same views serve both). A framework's
    shared layer adds what it has for data in ``templates/shared/<name>-data`` (the item tests
    through WebTest or a TestClient).
    """

    key: str
    label: str
    #: The interface it is written for; None where one stack has an API for each (Django's
    #: ORM: its sync API in WSGI views, its async one in ASGI views), so the pair's decides.
    interface: Interface | None
    #: Why this stack for this interface, for ``explain`` and the docs.
    why: str
    #: The driver each database gets, as the docs name it.
    drivers: dict[Database, str]
    #: What the project needs for each database (the stack's own packages included).
    dependencies: dict[Database, tuple[str, ...]]
    #: What its tests need besides, whichever database production uses.
    dev_dependencies: tuple[str, ...]
    migration_tool: str
    #: The command that applies the migrations, run in the project folder (and the image's WORKDIR);
    #: ``{package}`` stands for the project's import name where the command is a module of its own.
    migrate: str
    shared: tuple[str, ...]
    #: The SQLAlchemy dialect+driver a URL of each database gets: DATABASE_URL may be a plain
    #: postgresql:// (or postgres://) URL, as hosting providers hand them out. Empty where the
    #: stack maps URLs to drivers itself (dj-database-url for Django).
    dialects: dict[Database, str] = field(default_factory=dict)

    def migrate_command(self, package: str) -> str:
        """The command that applies the migrations in a project whose import name is ``package``."""
        return self.migrate.format(package=package)


#: SQLAlchemy 2 is what both stacks are built on; Alembic is its migration tool.
_SQLALCHEMY = "sqlalchemy>=2.0,<2.1"
_ALEMBIC = "alembic>=1.13,<2"
#: DATABASE_URL into settings.DATABASES, as Django's deployment guides suggest.
_DJ_DATABASE_URL = "dj-database-url>=3,<4"
#: Django's static files (the admin's CSS with a database) served by the app itself, WSGI or ASGI.
_WHITENOISE = "whitenoise>=6.8,<7"

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
    DataLayer(
        key="django-orm",
        label="Django's ORM",
        interface=None,
        why=(
            "the framework's own; WSGI views query it synchronously, ASGI views through"
            " its async API (acreate, async for), which runs each request's queries in a thread of that request"
            " while the event loop serves others (Django has no async database driver yet)"
        ),
        drivers={Database.SQLITE: "Python's sqlite3", Database.POSTGRES: "psycopg 3"},
        dependencies={
            Database.SQLITE: (_DJ_DATABASE_URL,),
            Database.POSTGRES: (_DJ_DATABASE_URL, "psycopg[binary]>=3.2,<4"),
        },
        dev_dependencies=(),
        migration_tool="Django (manage.py migrate)",
        migrate="python manage.py migrate",
        shared=("django-orm",),
    ),
    DataLayer(
        key="web2py-dal",
        label="web2py's DAL",
        interface=Interface.WSGI,
        why=(
            "the framework's own: web2py runs the table definitions (a model) before each action that uses them,"
            " on a pooled connection of the request's worker thread, and commits when the action returns"
        ),
        drivers={Database.SQLITE: "Python's sqlite3", Database.POSTGRES: "psycopg2"},
        # The DAL (pyDAL) comes with web2py-gluon; for PostgreSQL it drives psycopg2 only.
        dependencies={Database.SQLITE: (), Database.POSTGRES: ("psycopg2-binary>=2.9,<3",)},
        dev_dependencies=(),
        migration_tool="the DAL's define_table",
        migrate="python -m {package}.migrate",
        # Its files are web2py's alone: all in templates/data/web2py.
        shared=(),
    ),
)


def data_layer(key: str) -> DataLayer:
    return next(layer for layer in DATA_LAYERS if layer.key == key)


def describe_data(layer: DataLayer) -> str:
    """One line for ``explain``, ``list`` and the docs: the stack, its drivers, its migrations, and why."""
    drivers = ", ".join(f"{driver} for {db.value}" for db, driver in layer.drivers.items())
    return f"{layer.label} ({drivers}), migrations by {layer.migration_tool}: {layer.why}"


def describe_framework_data(layers: dict[Interface, DataLayer]) -> str:
    """:func:`describe_data` of a framework's layers: one, or one per interface where they differ."""
    distinct = {layer.key: layer for layer in layers.values()}
    if len(distinct) == 1:
        return describe_data(next(iter(distinct.values())))
    return "; ".join(f"its {iface.name} app: {describe_data(layer)}" for iface, layer in layers.items())


@dataclass(frozen=True)
class Framework:
    """A web framework and what its generated project needs.

    ``app`` is the import target a server loads, ``module:attribute`` with
    ``{package}`` for the project's import name and ``{interface}`` for "wsgi" or
    "asgi" where each interface has its own module (Django's wsgi.py and asgi.py);
    no factory call: not every server can call one. ``template`` names the folder
    under ``templates/frameworks``.
    """

    key: str
    label: str
    #: The interfaces it has an app for; with both it is offered on both sides of the wizard,
    #: one template folder serving each (its templates read ``cookiecutter.interface``).
    interfaces: frozenset[Interface]
    #: What it can carry: HTTP/2 is no framework's to refuse (the server speaks it), and on
    #: WSGI a pair never carries WebSocket.
    capabilities: frozenset[Capability]
    summary: str
    app: str
    test_client: str
    dependencies: tuple[str, ...]
    dev_dependencies: tuple[str, ...] = ()
    #: The Pythons of :data:`PYTHONS` it runs on; fewer where it or a dependency cannot,
    #: with ``python_limit`` saying why.
    pythons: tuple[str, ...] = PYTHONS
    python_limit: str | None = None
    #: A framework in the matrix offering a similar API on the other interface,
    #: suggested when this one cannot do what was asked.
    sibling: str | None = None
    #: What carries the /events broadcast between processes on Redis (an async Redis client,
    #: or Channels' channel layer): a framework with this offers the ``redis`` answer where
    #: its WebSocket is chosen, and compose runs Redis.
    redis: tuple[str, ...] = ()
    #: Folders under ``templates/shared/`` laid under the framework's own, for
    #: files several frameworks have in common (e.g. tests through WebTest, or through
    #: a Starlette-style TestClient: ``testclient``).
    shared: tuple[str, ...] = ()
    #: The module its Starlette-style ``TestClient`` is imported from, for the ``testclient`` layer,
    #: and the one whose ``WebSocketDisconnect`` that client raises for a refused handshake.
    testclient: str | None = None
    testclient_disconnect: str = "starlette.websockets"
    #: The HTTP client that TestClient is built on, whose ASGITransport drives the app without a lifespan.
    testclient_http: str = "httpx2"
    #: The server picked for it when none is given, where it fits what was asked;
    #: otherwise the first of DEFAULT_SERVERS that fits.
    default_server: str | None = None
    #: What its distributions import under names of their own, which a project must not take.
    imports: tuple[str, ...] = ()
    #: Its own documented way to run an app, measured by the bench against the generated
    #: command: a shell string with {app} ({module} and {attr} its halves), $HOST and $PORT.
    quickstart: str | None = None
    #: What the quick start needs that the project may not install.
    quickstart_needs: tuple[str, ...] = ()
    #: The path of the API docs the framework serves by itself, listed at GET /.
    api_docs: str | None = None
    #: Its data layer (a DATA_LAYERS key) where it offers ``--database``; its own routes for
    #: the example resource are in ``templates/data/<key>``.
    data: str | None = None
    #: Its ASGI app's data layer where that differs from its WSGI app's (Falcon has an app for each).
    data_asgi: str | None = None
    #: What it needs besides its data layer's packages where it stores data (Channels: WhiteNoise,
    #: which serves the admin's CSS that comes with a database).
    data_dependencies: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return self.key

    def target(self, package: str, interface: Interface | str) -> str:
        """The import target a server loads for an app of ``interface``."""
        return self.app.format(package=package, interface=Interface(interface).value)

    def data_layer(self, interface: Interface | str) -> DataLayer | None:
        """The data layer its app of ``interface`` gets, None where it offers no ``--database``."""
        key = self.data_asgi if Interface(interface) is Interface.ASGI and self.data_asgi else self.data
        return data_layer(key) if key else None

    @property
    def data_layers(self) -> dict[Interface, DataLayer]:
        """The data layer of each of its interfaces, where it offers ``--database``."""
        return {iface: layer for iface in Interface if iface in self.interfaces
                if (layer := self.data_layer(iface)) is not None}


@dataclass(frozen=True)
class Server:
    """A server, and how the generated project starts it.

    ``command`` is the start command with ``{app}`` for the framework's import
    target, ``{interface}`` for "wsgi" or "asgi", ``{shutdown}`` for
    ``shutdown_seconds``, ``{trusted}`` for FORWARDED_ALLOW_IPS's default,
    ``{ws_max}`` for WEBSOCKET_MAX_SIZE's, ``{wsgi_options}`` for ``wsgi_options``
    (empty for an ASGI app) and ``{access_log}`` for one of ``access_log``. Where it reads
    ``$HOST`` or ``$PORT`` itself it is run through ``sh -c``;
    a server that reads them from its config file needs no shell.
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
    #: How HTTP/2 is offered over cleartext: "h2c" with prior knowledge only,
    #: "h2c+upgrade" also by HTTP/1.1's Upgrade header.
    http2_mode: str | None = None
    #: Whether it speaks cleartext HTTP/2 only to the proxy's addresses (FORWARDED_ALLOW_IPS), serving
    #: anyone else HTTP/1.1: cleartext HTTP/2 is then for the hop from a trusted proxy only.
    http2_from_proxy_only: bool = False
    #: What the project also needs when HTTP/2 is on (e.g. the h2 library through an extra).
    http2_dependencies: tuple[str, ...] = ()
    #: Gunicorn's worker class for ASGI apps, for the servers that share its config layer,
    #: and what it is, for the config's comment.
    asgi_worker: str = "asgi"
    asgi_worker_note: str = "Gunicorn's own ASGI worker, beta upstream since Gunicorn 24"
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
    #: The program its command runs (what a reader looks for in a Dockerfile's CMD).
    program: str = ""
    #: What its distributions import under names of their own, which a project must not take.
    imports: tuple[str, ...] = ()
    #: Folders under ``templates/shared/`` laid under its own folder, so that servers can
    #: share a config layer.
    shared: tuple[str, ...] = ()
    #: How prose says its settings are its own ("Gunicorn's"), where its label would not read right.
    possessive: str | None = None
    #: Configurations tried by hand with the same features as the generated one (access log on
    #: stdout), measured by the bench; shell strings with {app}, {interface} and {cores}.
    tuned: tuple[str, ...] = ()
    concurrency: str | None = "worker processes (default: one per CPU of the container's limit)"
    #: Whether requests in flight at SIGTERM finish (proved by tests/test_e2e.py's drain test).
    drains: bool = True
    #: What a connection opened while it drains gets: "refused" (it stops listening at once) or
    #: "unanswered" (a process that serves no requests keeps the port: the connection is accepted and
    #: left without an answer until the server exits). Proved by the drain test.
    new_during_drain: str = "refused"
    #: WEB_CONCURRENCY in compose.yaml and the Kubernetes Deployment.
    replica_workers: int = 2
    #: The close code a WebSocket message one byte over WEBSOCKET_MAX_SIZE gets (1006: the
    #: connection is dropped without a close frame); None where the server has no such setting.
    websocket_too_big: int | None = 1009
    #: Where it has no size setting (``websocket_too_big`` None): the largest WebSocket frame it takes,
    #: and the close code one byte more gets (1006: dropped without a close frame).
    websocket_own_limit: tuple[int, int] | None = None
    #: Whether the project sets its header limit to HEADER_LIMIT: one byte more gets 431.
    header_limit: bool = False
    #: Whether an app's WebSocket send waits while the client is not reading (once the write
    #: buffer and the socket's are full): only then can the /events broadcast see a slow client.
    #: False where the server buffers whatever is sent, without limit.
    websocket_send_waits: bool = True
    #: Which X-Forwarded-* headers it believes, from FORWARDED_ALLOW_IPS addresses only
    #: ("for": the client address, "proto": the scheme; "proto from anyone": not only from
    #: those addresses); empty where it believes none.
    forwarded: frozenset[str] = frozenset()
    #: What else it does on SIGTERM (WebSocket connections, queued requests), for the README
    #: and ``explain``: each sentence proved by the drain test.
    shutdown_note: str = ""
    #: Why it must not face clients directly, where slow clients can starve it (README).
    slow_clients: str = ""
    #: The Pythons of :data:`PYTHONS` it runs on.
    pythons: tuple[str, ...] = PYTHONS
    #: Extra start options for WSGI apps only, where ``{wsgi_options}`` stands in ``command``.
    wsgi_options: str = ""
    #: Where the server has no setting that believes X-Forwarded-For/-Proto from FORWARDED_ALLOW_IPS
    #: only: a library's app wrapper (``module:callable``, called with the app and ``trusted_hosts``;
    #: ``{interface}`` for "wsgi" or "asgi"), which the project's behind_proxy.py applies and the
    #: server then loads (templates/shared/behind_proxy).
    proxy_headers: str | None = None
    #: What makes a WSGI app an ASGI one first, where ``proxy_headers`` wraps ASGI apps only.
    proxy_headers_wsgi: str | None = None
    #: Where neither a setting of its own nor a wrapper checks the proxy's address: which generated
    #: code does, asking the project's forwarded.py (templates/shared/forwarded), for explain and the README.
    forwarded_by: str = ""
    #: Whether it sends ASGI lifespan events (startup, shutdown): where not, an app's startup and
    #: shutdown code (FastAPI's lifespan, Quart's before_serving) never runs under it.
    lifespan: bool = True
    #: The Django app it ships, first in a Django project's INSTALLED_APPS so that
    #: ``manage.py runserver`` serves through it (Daphne's replaces Django's runserver).
    django_app: str | None = None
    #: Its access log's start options, where ``{access_log}`` stands in ``command``: (its own log on,
    #: off). With the observability layer the middleware writes the one access line per request, as
    #: JSON with the request ID and the route, which no server's own format can carry; the server's is off.
    access_log: tuple[str, str] = ("", "")
    #: How its own access log is turned off with the observability layer (README).
    access_log_off: str = ""
    #: How its worker processes come to be, which tells the observability layer the process that
    #: started the run they belong to (one metrics folder per run): "multiprocessing" (Python's, so
    #: their parent process), "config" (its master forks them after its config file sets
    #: SERVER_MASTER_PID), "master" (the app is loaded in the master before it forks) or "one process".
    workers_from: str = "multiprocessing"

    @property
    def template(self) -> str:
        return self.key

    @property
    def owner(self) -> str:
        return self.possessive or f"{self.label}'s"

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
#: The async Redis client the shared broadcast layer (templates/shared/broadcast) subscribes with.
REDIS_ASYNCIO = ("redis>=5.2,<7",)

FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        key="flask",
        label="Flask",
        interfaces=WSGI_ONLY,
        capabilities=HTTP_H2,
        summary="the popular micro-framework: small core, explicit app factory",
        app="{package}.wsgi:app",
        test_client="Flask test client (app.test_client())",
        dependencies=("flask>=3.1,<4",),
        sibling="quart",
        quickstart="flask --app {app} run --host $HOST --port $PORT",
        data="sqlalchemy",
    ),
    Framework(
        key="bottle",
        label="Bottle",
        interfaces=WSGI_ONLY,
        capabilities=HTTP_H2,
        summary="a single-module micro-framework with no dependencies",
        app="{package}.app:app",
        test_client="WebTest's TestApp (Bottle has no test client of its own)",
        dependencies=("bottle>=0.13,<0.14",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
        data="sqlalchemy",
        quickstart=(
            "python -c 'import bottle, os; from {module} import {attr};"
            " bottle.run({attr}, host=os.environ[\"HOST\"], port=int(os.environ[\"PORT\"]), quiet=True)'"
        ),
    ),
    Framework(
        key="django",
        label="Django",
        # Django serves ASGI itself (async views, no WebSocket: that is Channels), as its
        # "How to deploy with ASGI" shows; startproject makes both wsgi.py and asgi.py.
        interfaces=BOTH,
        capabilities=HTTP_H2,
        summary="the batteries-included framework: settings, apps, ORM, admin; static files by WhiteNoise;"
        " WSGI or ASGI (async views; WebSocket is Channels')",
        app="{package}.{interface}:application",
        test_client="Django's test client (django.test.Client)",
        # Django 6 needs Python 3.12: on 3.11 this resolves to 5.2, the LTS release.
        dependencies=("django>=5.2,<7", _WHITENOISE),
        sibling="channels",
        shared=("django",),
        quickstart="python manage.py runserver $HOST:$PORT --noreload",
        data="django-orm",
    ),
    Framework(
        key="poorwsgi",
        label="PoorWSGI",
        interfaces=WSGI_ONLY,
        capabilities=HTTP_H2,
        summary="a small WSGI framework with decorator routes and no dependencies",
        app="{package}.app:app",
        test_client="WebTest's TestApp (PoorWSGI has no test client of its own)",
        dependencies=("poorwsgi>=2.7,<3",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
        data="sqlalchemy",
        quickstart=(
            "python -c 'import os; from wsgiref.simple_server import make_server; from {module} import {attr};"
            " make_server(os.environ[\"HOST\"], int(os.environ[\"PORT\"]), {attr}).serve_forever()'"
        ),
    ),
    Framework(
        key="pyramid",
        label="Pyramid",
        interfaces=WSGI_ONLY,
        capabilities=HTTP_H2,
        summary="the Pylons framework: Configurator, declarative views found by scan",
        app="{package}.wsgi:app",
        test_client="WebTest's TestApp, as Pyramid's functional tests use",
        dependencies=("pyramid>=2.0,<3",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
        data="sqlalchemy",
        quickstart=(
            "python -c 'import os; from waitress import serve; from {module} import {attr};"
            " serve({attr}, host=os.environ[\"HOST\"], port=int(os.environ[\"PORT\"]))'"
        ),
        quickstart_needs=("waitress",),
    ),
    Framework(
        key="webpy",
        label="web.py",
        interfaces=WSGI_ONLY,
        capabilities=HTTP_H2,
        summary="URL patterns mapped to classes with one method per HTTP verb",
        app="{package}.app:application",
        test_client="web.py's own app.request()",
        dependencies=("web.py>=0.62,<0.80",),
        imports=("web",),
        data="sqlalchemy",
        quickstart="python -c 'from {module} import app; app.run()' $HOST:$PORT",
    ),
    Framework(
        key="web2py",
        label="web2py",
        interfaces=WSGI_ONLY,
        capabilities=HTTP_H2,
        summary="the full-stack framework of applications/controllers, on its web2py-gluon runtime",
        app="{package}.wsgi:application",
        test_client="WebTest's TestApp on gluon.main.wsgibase",
        # web2py's releases are not on PyPI; web2py-gluon packages its runtime (gluon).
        dependencies=("web2py-gluon>=2.26,<2.27",),
        dev_dependencies=WEBTEST,
        shared=("webtest",),
        # gluon imports `imp`, which Python 3.12 removed.
        pythons=("3.11",),
        python_limit="its gluon runtime imports the imp module, which Python 3.12 removed",
        imports=("gluon",),
        data="web2py-dal",
        # Its own server comes with the full web2py download, not with web2py-gluon: no quick start.
    ),
    Framework(
        key="falcon",
        label="Falcon",
        interfaces=BOTH,
        capabilities=HTTP_WS_H2,
        summary="a minimalist REST framework of resource classes, with an app for each interface"
        " (falcon.App, falcon.asgi.App)",
        app="{package}.app:app",
        test_client="Falcon's testing.TestClient (and its ASGIConductor for WebSocket)",
        dependencies=("falcon>=4.1,<5",),
        # The broadcast layer's async tests run on anyio's pytest plugin.
        dev_dependencies=("anyio>=4,<5",),
        redis=REDIS_ASYNCIO,
        # The /events broadcast, on its ASGI app only (WSGI has no WebSocket).
        shared=("broadcast",),
        # falcon.App's responders are sync, falcon.asgi.App's coroutines: each gets its interface's layer.
        data="sqlalchemy",
        data_asgi="sqlalchemy-async",
    ),
    Framework(
        key="fastapi",
        label="FastAPI",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS_H2,
        summary="typed async APIs with validation and OpenAPI docs built in",
        app="{package}.main:app",
        test_client="FastAPI TestClient (fastapi.testclient)",
        dependencies=("fastapi>=0.165,<1",),
        dev_dependencies=("httpx2>=2,<3",),
        shared=("testclient", "broadcast"),
        testclient="fastapi.testclient",
        # FastAPI's own `fastapi run` is uvicorn underneath, from the fastapi[standard] extra.
        quickstart="uvicorn {app} --host $HOST --port $PORT",
        quickstart_needs=("uvicorn",),
        redis=REDIS_ASYNCIO,
        api_docs="/docs",
        data="sqlalchemy-async",
    ),
    Framework(
        key="starlette",
        label="Starlette",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS_H2,
        summary="the lightweight ASGI toolkit FastAPI is built on: routes, requests, responses, WebSocket",
        app="{package}.main:app",
        test_client="Starlette's TestClient (starlette.testclient)",
        dependencies=("starlette>=1,<2",),
        # Starlette's TestClient runs on httpx2 (or httpx).
        dev_dependencies=("httpx2>=2,<3",),
        shared=("testclient", "broadcast"),
        testclient="starlette.testclient",
        quickstart="uvicorn {app} --host $HOST --port $PORT",
        quickstart_needs=("uvicorn",),
        redis=REDIS_ASYNCIO,
        data="sqlalchemy-async",
    ),
    Framework(
        key="litestar",
        label="Litestar",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS_H2,
        summary="typed async APIs on msgspec, with dependency injection and OpenAPI docs built in",
        app="{package}.main:app",
        test_client="Litestar's TestClient (litestar.testing)",
        dependencies=("litestar>=2.15,<3",),
        shared=("testclient", "broadcast"),
        testclient="litestar.testing",
        testclient_disconnect="litestar.exceptions",
        # Its TestClient is built on httpx.
        testclient_http="httpx",
        # `litestar run` is uvicorn underneath, from the litestar[standard] extra.
        quickstart="litestar --app {app} run --host $HOST --port $PORT",
        quickstart_needs=("uvicorn",),
        redis=REDIS_ASYNCIO,
        data="sqlalchemy-async",
    ),
    Framework(
        key="quart",
        label="Quart",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS_H2,
        summary="Flask's API on asyncio: blueprints, app factory, WebSocket routes",
        app="{package}.asgi:app",
        test_client="Quart test client (app.test_client())",
        dependencies=("quart>=0.20,<0.24",),
        # Async tests run on anyio's pytest plugin (no configuration needed).
        dev_dependencies=("anyio>=4,<5",),
        sibling="flask",
        # Quart's own deployment docs use Hypercorn, by the same authors.
        default_server="hypercorn",
        quickstart="quart --app {app} run --host $HOST --port $PORT",
        redis=REDIS_ASYNCIO,
        shared=("broadcast",),
        data="sqlalchemy-async",
    ),
    Framework(
        key="sanic",
        label="Sanic",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS_H2,
        summary="async framework with its own multi-worker server; also runs under ASGI servers",
        app="{package}.main:app",
        test_client="sanic-testing (app.test_client)",
        # Sanic's docs call its own server the preferred way to run it.
        default_server="sanic",
        dependencies=("sanic>=24.12,<26",),
        dev_dependencies=("sanic-testing>=24.6,<25",),
        quickstart="sanic {app} --host $HOST --port $PORT --single-process",
        redis=REDIS_ASYNCIO,
        shared=("broadcast",),
        data="sqlalchemy-async",
    ),
    Framework(
        key="channels",
        label="Django Channels",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS_H2,
        summary="Django with ASGI routing, WebSocket consumers and channel layers",
        app="{package}.asgi:application",
        test_client="Django's test client and Channels' HttpCommunicator and WebsocketCommunicator",
        # Django 6 on Python 3.12 and later, 5.2 LTS on 3.11 (see Django above).
        dependencies=("django>=5.2,<7", "channels>=4.2,<5"),
        # channels.testing imports Daphne; async tests run on anyio's pytest plugin.
        dev_dependencies=("channels[daphne]>=4.2,<5", "anyio>=4,<5"),
        redis=("channels-redis>=4.2,<5",),
        # The Django project, settings and api app are Django's; Channels adds asgi.py and consumers.
        shared=("django",),
        quickstart="daphne --bind $HOST --port $PORT {app}",
        data="django-orm",
        data_dependencies=(_WHITENOISE,),
    ),
)

SERVERS: tuple[Server, ...] = (
    Server(
        key="gunicorn",
        label="Gunicorn",
        workers_from="config",
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
        # gunicorn.conf.py sets http2_cleartext = "both": prior knowledge and Upgrade.
        http2_mode="h2c+upgrade",
        http2_dependencies=("gunicorn[http2]>=26.2,<28",),
        http2_from_proxy_only=True,
        shutdown_note="On its ASGI worker, open WebSocket connections are kept until the clients close them or"
        " graceful_timeout runs out.",
        # Read by gunicorn.conf.py.
        tls_env=("TLS_CERTFILE", "TLS_KEYFILE"),
        # Gunicorn's docs mark its ASGI worker and its HTTP/2 support as beta.
        beta=("asgi", "http2"),
        program="gunicorn",
        shared=("gunicorn",),
        tuned=(
            "gunicorn --bind $HOST:$PORT --workers {cores} --access-logfile - {app}",
            "gunicorn --bind $HOST:$PORT --workers $(({cores} * 2 + 1)) --access-logfile - {app}",
            "gunicorn --bind $HOST:$PORT --workers {cores} --worker-class gthread --threads 4 --access-logfile - {app}",
            ("gunicorn --bind $HOST:$PORT --workers $(({cores} * 2 + 1)) --worker-class gthread --threads 4"
            " --access-logfile - {app}"),
            ("gunicorn --bind $HOST:$PORT --workers $(({cores} * 2 + 1)) --worker-class gthread --threads 8"
            " --access-logfile - {app}"),
        ),
        concurrency="worker processes (default: two per CPU, plus one; WSGI workers run four threads each)",
        access_log_off="accesslog = None in gunicorn.conf.py",
        forwarded=frozenset({"proto"}),
        slow_clients="A worker serves as many connections at once as it has threads, slow clients"
        " included: a few slow clients reaching it directly can hold them all.",
    ),
    Server(
        key="waitress",
        label="Waitress",
        workers_from="one process",
        interfaces=WSGI_ONLY,
        capabilities=HTTP,
        summary="pure-Python multi-threaded WSGI server with no dependencies; one process, HTTP/1.1 only",
        # One process; WEB_CONCURRENCY sets its threads (default: 4 per CPU core).
        command=(
            "waitress-serve --listen=${{HOST:-127.0.0.1}}:${{PORT:-8000}}"
            " --threads=${{WEB_CONCURRENCY:-$(( $(python3 cpu_limit.py) * 4 ))}}"
            # waitress_app.py checks the proxy's address itself: Waitress must pass the headers on.
            " --no-clear-untrusted-proxy-headers --call waitress_app:create_app"
        ),
        dependencies=("waitress>=3,<4",),
        config="waitress_app.py",
        # Waitress's own wait on shutdown, not a setting (waitress_app.py).
        shutdown_seconds=5,
        program="waitress-serve",
        # Waitress logs no requests itself: the generated waitress_app.py adds the access log,
        # so hand-tuned runs go through it too and differ only in threads and connection limit.
        tuned=(
            "waitress-serve --listen $HOST:$PORT --threads 4 --call waitress_app:create_app",
            "waitress-serve --listen $HOST:$PORT --threads {cores} --call waitress_app:create_app",
            "waitress-serve --listen $HOST:$PORT --threads 16 --connection-limit 1000 --call waitress_app:create_app",
        ),
        concurrency="threads in its one process (default: four per CPU)",
        access_log_off="waitress_app.py leaves its own access-log middleware out",
        forwarded=frozenset({"for", "proto"}),
        forwarded_by="waitress_app.py, as Waitress's own trusted_proxy takes a single address",
        shared=("forwarded",),
        shutdown_note="Requests still queued for a thread are dropped.",
        new_during_drain="unanswered",
        slow_clients="Waitress reads whole requests before a thread runs the app, so a slow client"
        " holds a connection, not a thread; the app's threads are still as few as WEB_CONCURRENCY.",
    ),
    Server(
        key="uwsgi",
        label="uWSGI",
        workers_from="master",
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
        program="uwsgi",
        imports=("uwsgi",),
        # The generated uwsgi.ini puts request lines on stdout with req-logger = stdio, which routes
        # them through the master process; the same here (without it they go straight to stderr,
        # about 20% faster on /health).
        tuned=(
            ("uwsgi --http-socket $HOST:$PORT --master --processes {cores} --add-header 'Connection: close'"
            " --req-logger stdio --module {app}"),
            ("uwsgi --http-socket $HOST:$PORT --master --processes $(({cores} * 2 + 1))"
            " --add-header 'Connection: close' --req-logger stdio --module {app}"),
            ("uwsgi --http-socket $HOST:$PORT --master --processes {cores} --threads 2 --add-header 'Connection: close'"
            " --req-logger stdio --module {app}"),
        ),
        concurrency="worker processes (default: two per CPU, plus one)",
        access_log_off="disable-logging = true in uwsgi.ini",
        # uWSGI's HTTP parser takes the scheme from X-Forwarded-Proto whoever sends it; it has no
        # setting for the proxy's address, nor reads X-Forwarded-For.
        forwarded=frozenset({"proto", "proto from anyone"}),
        shutdown_note="Requests still queued for a worker are dropped.",
        # Its master process keeps the port.
        new_during_drain="unanswered",
        slow_clients="A worker serves one connection at a time, slow clients included: a few slow"
        " clients reaching it directly can hold them all.",
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
            "uvicorn {app} --host ${{HOST:-127.0.0.1}} --port ${{PORT:-8000}}"
            " --workers ${{WEB_CONCURRENCY:-$(python3 cpu_limit.py)}} --loop uvloop --http httptools"
            " --timeout-graceful-shutdown {shutdown} --forwarded-allow-ips \"${{FORWARDED_ALLOW_IPS:-{trusted}}}\""
            " --ws-max-size ${{WEBSOCKET_MAX_SIZE:-{ws_max}}}{access_log}"
        ),
        access_log=("", " --no-access-log"),
        access_log_off="--no-access-log",
        program="uvicorn",
        imports=("uvloop", "httptools", "watchfiles"),
        tuned=(
            "uvicorn {app} --host $HOST --port $PORT --workers {cores}",
            "uvicorn {app} --host $HOST --port $PORT --workers {cores} --loop uvloop --http httptools",
        ),
        # 0.32 is the first to take networks in --forwarded-allow-ips.
        dependencies=("uvicorn[standard]>=0.32,<1",),
        forwarded=frozenset({"for", "proto"}),
        shutdown_note="WebSocket clients get close code 1012 (service restart) at once.",
        # With more than one worker its supervisor process keeps the port.
        new_during_drain="unanswered",
    ),
    Server(
        key="gunicorn-uvicorn",
        label="Gunicorn with Uvicorn workers",
        workers_from="config",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS,
        summary=(
            "Gunicorn's process manager (restarts, graceful reloads) running Uvicorn workers (uvicorn-worker);"
            " HTTP/1.1 and WebSocket"
        ),
        command="gunicorn {app}",
        dependencies=("gunicorn>=26.2,<28", "uvicorn-worker>=0.3,<1", "uvicorn[standard]>=0.32,<1"),
        asgi_worker="uvicorn_worker.UvicornWorker",
        # Uvicorn's worker takes no options from Gunicorn's config: its 16 MiB default stands.
        websocket_too_big=None,
        websocket_own_limit=(16 * 1024 * 1024, 1009),
        shutdown_note="WebSocket clients are closed with code 1012 (service restart).",
        asgi_worker_note="a Uvicorn worker, from uvicorn-worker",
        # Uvicorn's worker takes both headers from the addresses in Gunicorn's forwarded_allow_ips.
        forwarded=frozenset({"for", "proto"}),
        # Gunicorn's own config file: its ASGI side sets the Uvicorn worker class.
        config="gunicorn.conf.py",
        shared=("gunicorn",),
        program="gunicorn",
        possessive="Gunicorn's",
        concurrency="worker processes, each a Uvicorn event loop (default: one per CPU of the container's limit)",
        access_log_off="accesslog = None in gunicorn.conf.py",
        imports=("uvloop", "httptools", "watchfiles"),
        tuned=(
            ("gunicorn --bind $HOST:$PORT --workers {cores} --worker-class uvicorn_worker.UvicornWorker"
             " --access-logfile - {app}"),
            ("gunicorn --bind $HOST:$PORT --workers $(({cores} * 2 + 1)) --worker-class uvicorn_worker.UvicornWorker"
             " --access-logfile - {app}"),
        ),
    ),
    Server(
        key="hypercorn",
        label="Hypercorn",
        interfaces=BOTH,
        capabilities=HTTP_WS,
        summary="ASGI and WSGI server with HTTP/2 (cleartext and TLS) for both, and WebSocket for ASGI apps",
        command="hypercorn --config file:hypercorn.conf.py {app}",
        # Uvicorn only for its ProxyHeadersMiddleware (behind_proxy.py).
        dependencies=("hypercorn[uvloop]>=0.17,<1", "uvicorn>=0.32,<1"),
        config="hypercorn.conf.py",
        # Hypercorn's ProxyFixMiddleware believes the last hop whoever connects (it has no setting for
        # the proxy's address): Uvicorn's middleware checks it against FORWARDED_ALLOW_IPS; a WSGI app
        # is first made ASGI by Hypercorn's own adapter (the one it uses itself for WSGI apps).
        proxy_headers="uvicorn.middleware.proxy_headers:ProxyHeadersMiddleware",
        proxy_headers_wsgi="hypercorn.middleware:AsyncioWSGIMiddleware",
        shared=("behind_proxy",),
        forwarded=frozenset({"for", "proto"}),
        http2=BOTH,
        # Read by hypercorn.conf.py.
        program="hypercorn",
        imports=("uvloop", "h2", "wsproto"),
        tuned=(
            "hypercorn --bind $HOST:$PORT --workers {cores} --access-logfile - {app}",
            "hypercorn --bind $HOST:$PORT --workers {cores} --worker-class uvloop --access-logfile - {app}",
        ),
        http2_mode="h2c+upgrade",
        # Read by hypercorn.conf.py.
        tls_env=("TLS_CERTFILE", "TLS_KEYFILE"),
        concurrency="worker processes (default: 1; with more, Hypercorn 0.18 cuts requests in flight"
        " on SIGTERM as soon as one worker has stopped: run more replicas instead)",
        replica_workers=1,
        access_log_off="accesslog = None in hypercorn.conf.py",
        shutdown_note="Open WebSocket connections are kept until their clients leave or the time is"
        " up, then closed with code 1011 (internal error).",
    ),
    Server(
        key="granian",
        label="Granian",
        interfaces=BOTH,
        capabilities=HTTP_WS,
        summary="Rust HTTP server for WSGI and ASGI apps; HTTP/1.1 and HTTP/2 (cleartext) for both, WebSocket for ASGI",
        command=(
            "granian --interface {interface}{wsgi_options} --host ${{HOST:-127.0.0.1}} --port ${{PORT:-8000}}"
            " --workers ${{WEB_CONCURRENCY:-$(python3 cpu_limit.py)}} --loop uvloop --http auto{access_log}"
            " --workers-kill-timeout {shutdown} --respawn-failed-workers"
            f" --http1-buffer-size {HEADER_LIMIT} --http2-max-headers-size {HEADER_LIMIT}"
            " --http2-keep-alive-interval ${{GRANIAN_HTTP2_KEEP_ALIVE_INTERVAL:-10000}}"
            " --http2-keep-alive-timeout ${{GRANIAN_HTTP2_KEEP_ALIVE_TIMEOUT:-20}} {app}"
        ),
        dependencies=("granian[uvloop]>=2.5,<3",),
        # Granian's own proxy-header wrappers (it has no command-line option for them).
        proxy_headers="granian.utils.proxies:wrap_{interface}_with_proxy_headers",
        shared=("behind_proxy",),
        forwarded=frozenset({"for", "proto"}),
        access_log=(" --access-log", ""),
        access_log_off="no --access-log",
        http2=BOTH,
        # Granian's WSGI default, a Python thread per two requests it admits (256), warns at every
        # start that it is far more than the cores; 2 x cores + 1 is the most it accepts quietly.
        wsgi_options=" --blocking-threads $(( $(python3 cpu_limit.py) * 2 + 1 ))",
        http2_mode="h2c",
        # Granian has no WebSocket message size setting: a frame of 16 MiB + 1 drops the connection; a
        # message in smaller frames may reach 64 MiB (measured; 64 MiB + 1 gets a close frame without a code).
        # Its defaults take a 408 KiB request head and 16 MiB HTTP/2 header lists; HTTP/2 connections
        # that do not answer its pings within 20 s are closed (it has no read timeout).
        websocket_too_big=None,
        websocket_own_limit=(16 * 1024 * 1024, 1006),
        header_limit=True,
        shutdown_note="WebSocket connections are dropped without a close frame (the client sees 1006).",
        # Granian reads every option from GRANIAN_* variables too.
        tls_env=("GRANIAN_SSL_CERTIFICATE", "GRANIAN_SSL_KEYFILE"),
        program="granian",
        imports=("uvloop",),
        tuned=(
            "granian --interface {interface} --host $HOST --port $PORT --workers {cores} --access-log {app}",
            ("granian --interface {interface} --host $HOST --port $PORT --workers {cores} --loop uvloop"
            " --access-log {app}"),
        ),
    ),
    Server(
        key="daphne",
        label="Daphne",
        workers_from="one process",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS,
        summary=(
            "Django Channels' reference ASGI server, on Twisted; HTTP/1.1 and WebSocket, one process"
            " (its HTTP/2 needs TLS and is not offered here)"
        ),
        command=(
            "daphne --bind ${{HOST:-127.0.0.1}} --port ${{PORT:-8000}}{access_log}"
            " --websocket-max-message-size ${{WEBSOCKET_MAX_SIZE:-{ws_max}}} {app}"
        ),
        # Uvicorn only for its ProxyHeadersMiddleware (behind_proxy.py).
        dependencies=("daphne>=4.1,<5", "uvicorn>=0.32,<1"),
        # Daphne's --proxy-headers believes X-Forwarded-For (its first address) from anyone: Uvicorn's
        # middleware believes it from FORWARDED_ALLOW_IPS only.
        proxy_headers="uvicorn.middleware.proxy_headers:ProxyHeadersMiddleware",
        shared=("behind_proxy",),
        forwarded=frozenset({"for", "proto"}),
        # Daphne writes its access log to stdout at its default verbosity (1) even without --access-log:
        # --verbosity 0 is what turns it off (its own logging then starts at WARNING; the layer sets LOG_LEVEL's).
        access_log=(" --access-log -", " --verbosity 0"),
        access_log_off="--verbosity 0 (at its default verbosity it writes its access log without --access-log)",
        # One byte over --websocket-max-message-size: the TCP connection is dropped, no close frame.
        websocket_too_big=1006,
        # Twisted writes whatever the app sends into its buffer at once: measured, 300 messages of
        # 32 KiB to a client that had stopped reading all went into Daphne's memory (tests/broadcast.py).
        websocket_send_waits=False,
        # Daphne has no drain: what compose and Kubernetes wait for it to exit.
        shutdown_seconds=10,
        concurrency=None,
        program="daphne",
        django_app="daphne",
        # Daphne sends no lifespan events: generated projects start what they need on first use.
        lifespan=False,
        tuned=("daphne --bind $HOST --port $PORT --access-log - {app}",),
        drains=False,
        shutdown_note="Daphne has no drain setting; WebSocket connections are dropped without a close"
        " frame (the client sees 1006).",
    ),
    Server(
        key="sanic",
        label="Sanic server",
        interfaces=ASGI_ONLY,
        capabilities=HTTP_WS,
        summary="Sanic's own multi-worker server on uvloop and httptools; HTTP/1.1 and WebSocket (no HTTP/2)",
        command=(
            "sanic {app} --host ${{HOST:-127.0.0.1}} --port ${{PORT:-8000}}"
            " --workers ${{WEB_CONCURRENCY:-$(python3 cpu_limit.py)}}{access_log} --no-motd"
        ),
        # The framework's own dependency brings the server.
        dependencies=(),
        runs_only="sanic",
        access_log=(" --access-logs", " --no-access-logs"),
        access_log_off="--no-access-logs",
        # Sanic's GRACEFUL_SHUTDOWN_TIMEOUT default.
        shutdown_seconds=15,
        program="sanic",
        tuned=(
            "sanic {app} --host $HOST --port $PORT --workers {cores} --access-logs",
            "sanic {app} --host $HOST --port $PORT --fast --access-logs",
        ),
        shutdown_note="WebSocket clients get close code 1000 at once.",
        # Its main process, which serves no requests, keeps the port.
        new_during_drain="unanswered",
        # Sanic reads X-Forwarded-For/-Proto with PROXIES_COUNT but has no setting for the proxy's address
        # (its maintainers declined one: sanic-org/sanic#2902): main.py's request class checks it.
        forwarded=frozenset({"for", "proto"}),
        forwarded_by=(
            "main.py's request class, ProxiedRequest: Sanic reads the headers with PROXIES_COUNT = 1 but has no"
            " setting for the proxy's address, sanic-org/sanic#2902"
        ),
        shared=("forwarded",),
    ),
)

EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        "quart", "daphne",
        "Daphne leaves the optional 'scheme' key out of WebSocket scopes and Quart fails without it "
        "(django/daphne#538; still so in Daphne 4.2 and Quart 0.23), and Daphne sends no lifespan events, "
        "so Quart's before_serving hooks (a database's connection pool) would never run",
    ),
    Exclusion("sanic", "daphne", "Daphne does not speak the ASGI lifespan protocol, which Sanic needs to start"),
    Exclusion(
        "quart", "gunicorn",
        "on Gunicorn's ASGI worker (beta) a POST to Quart's /events never answers once its broadcast task "
        "runs (seen with Gunicorn 27.0 and Quart 0.20); Quart's own advice is Hypercorn",
    ),
    Exclusion(
        "sanic", "gunicorn",
        "Gunicorn's ASGI worker (beta) sends Sanic's responses without their headers, Content-Type "
        "included (seen with Gunicorn 27.0 and Sanic 25)",
    ),
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
    return bool(fw.interfaces & srv.interfaces) and srv.runs_only in (None, fw.key) and exclusion(fw, srv) is None


def pair_capabilities(fw: Framework, srv: Server, interface: Interface) -> frozenset[Capability]:
    """A pair can do what its framework can do and its server carries for that interface's apps."""
    return frozenset(cap for cap in fw.capabilities if srv.can(cap, interface))


@dataclass(frozen=True)
class Combination:
    """A framework/server pair that fits, on one interface they share, with what it can carry."""

    framework: Framework
    server: Server
    interface: Interface
    capabilities: frozenset[Capability] = field(default_factory=frozenset)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @property
    def key(self) -> str:
        """"flask+gunicorn"; "falcon+granian-asgi" where the pair has one per interface."""
        both = len(self.framework.interfaces & self.server.interfaces) > 1
        return f"{self.framework.key}+{self.server.key}" + (f"-{self.interface.value}" if both else "")

    def flags(self) -> list[str]:
        """The CLI flags that select this pair with every capability it offers."""
        return [
            "--framework", self.framework.key, "--server", self.server.key, "--interface", self.interface.value,
            *(["--websocket"] if self.can(Capability.WEBSOCKET) else []),
        ]

    @property
    def pythons(self) -> tuple[str, ...]:
        """The Pythons both run on, oldest first."""
        return tuple(v for v in PYTHONS if v in self.framework.pythons and v in self.server.pythons)

    @property
    def default_python(self) -> str:
        """The newest Python both run on: a new service should start on it."""
        return self.pythons[-1]

    def as_json(self) -> dict[str, object]:
        return {
            "framework": self.framework.key,
            "server": self.server.key,
            "interface": self.interface.value,
            "websocket": self.can(Capability.WEBSOCKET),
            "http2": self.can(Capability.HTTP2),
            "http2_mode": self.server.http2_mode if self.can(Capability.HTTP2) else None,
            "beta": sorted(self.beta),
            "pythons": list(self.pythons),
            "default_python": self.default_python,
        }

    @property
    def beta(self) -> frozenset[str]:
        """What of this pair upstream calls beta: the server's support for its interface or capabilities."""
        concerns = {self.interface.value, *(cap.value for cap in self.capabilities)}
        return frozenset(concern for concern in self.server.beta if concern in concerns)


@cache
def combinations() -> tuple[Combination, ...]:
    """Every pair that fits, on each interface both speak: frameworks in matrix order, then servers."""
    return tuple(
        Combination(fw, srv, iface, pair_capabilities(fw, srv, iface))
        for fw in FRAMEWORKS
        for srv in SERVERS
        if pair_fits(fw, srv)
        for iface in Interface
        if iface in fw.interfaces & srv.interfaces
    )
