"""End to end with --database, for every framework that offers it, on its default server.

Generate the project, install it, pass its own tests (on PostgreSQL they run against a
throwaway database of a real server), run the migrations as its README says, start the
Dockerfile's CMD, and create and list items over HTTP. On PostgreSQL, also measure what
the interface gives: 50 concurrent requests to a test-only route running
``SELECT pg_sleep(0.2)`` on one server process; an ASGI app must serve them
concurrently (bounded by its connection pool, not one after the other) and answer a
WebSocket echo within 100 ms meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from websockets.asyncio.client import connect

from generator import matrix
from generator.matrix import Capability, Database

from . import postgres, projects

pytestmark = pytest.mark.e2e

FRAMEWORKS = [fw for fw in matrix.FRAMEWORKS if fw.data]
#: Each framework once, as generated without --interface; where it has an app for each interface,
#: the other one too, run when SGI_DATABASE=all (CI keeps to one run per framework).
CASES = [(fw, None) for fw in FRAMEWORKS] + [
    (fw, iface) for fw in FRAMEWORKS if len(fw.interfaces) > 1 for iface in sorted(fw.interfaces)
    if iface is not (matrix.Interface.ASGI if Capability.WEBSOCKET in fw.capabilities else matrix.Interface.WSGI)
]

#: A module each test writes into the project: the app, plus a route only these tests have.
SLEEP_ROUTES = {
    "flask": """
from sqlalchemy import text

from {package}.wsgi import app


@app.get("/_test/sleep")
def sleep():
    with app.extensions["sessions"]() as session:
        session.execute(text("SELECT pg_sleep(0.2)"))
    return {{"slept": True}}
""",
    "fastapi": """
from sqlalchemy import text

from {package}.main import app


@app.get("/_test/sleep")
async def sleep():
    async with app.state.sessions() as session:
        await session.execute(text("SELECT pg_sleep(0.2)"))
    return {{"slept": True}}
""",
    "quart": """
from sqlalchemy import text

from {package}.asgi import app


@app.get("/_test/sleep")
async def sleep():
    async with app.extensions["sessions"]() as session:
        await session.execute(text("SELECT pg_sleep(0.2)"))
    return {{"slept": True}}
""",
    "starlette": """
from sqlalchemy import text
from starlette.responses import JSONResponse
from starlette.routing import Route

from {package} import db
from {package}.main import app


async def sleep(request):
    async with db.app_sessions(request.app.state)() as session:
        await session.execute(text("SELECT pg_sleep(0.2)"))
    return JSONResponse({{"slept": True}})


app.router.routes.append(Route("/_test/sleep", sleep))
""",
    "litestar": """
from litestar import get
from litestar.datastructures import State
from sqlalchemy import text

from {package} import db
from {package}.main import app


@get("/_test/sleep")
async def sleep(state: State) -> dict[str, bool]:
    async with db.app_sessions(state)() as session:
        await session.execute(text("SELECT pg_sleep(0.2)"))
    return {{"slept": True}}


app.register(sleep)
""",
    "sanic": """
from sanic.response import json
from sqlalchemy import text

from {package} import db
from {package}.main import app


@app.get("/_test/sleep")
async def sleep(request):
    async with db.app_sessions(request.app.ctx)() as session:
        await session.execute(text("SELECT pg_sleep(0.2)"))
    return json({{"slept": True}})
""",
    "bottle": """
from sqlalchemy import text

from {package}.app import app


def sleep():
    with app.config["db.sessions"]() as session:
        session.execute(text("SELECT pg_sleep(0.2)"))
    return {{"slept": True}}


app.route("/_test/sleep", "GET", sleep)
""",
    "pyramid": """
from sqlalchemy import text

from {package}.wsgi import app as pyramid_app


def app(environ, start_response):
    if environ["PATH_INFO"] != "/_test/sleep":
        return pyramid_app(environ, start_response)
    with pyramid_app.registry["db.sessions"]() as session:
        session.execute(text("SELECT pg_sleep(0.2)"))
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{{"slept": true}}']
""",
    "falcon": """
from falcon.asgi import App as AsgiApp
from sqlalchemy import text

from {package}.app import app, items


class Sleep:
    def on_get(self, req, resp):
        with items.sessions() as session:
            session.execute(text("SELECT pg_sleep(0.2)"))
        resp.media = {{"slept": True}}


class AsyncSleep:
    async def on_get(self, req, resp):
        async with items.sessions() as session:
            await session.execute(text("SELECT pg_sleep(0.2)"))
        resp.media = {{"slept": True}}


app.add_route("/_test/sleep", AsyncSleep() if isinstance(app, AsgiApp) else Sleep())
""",
    "poorwsgi": """
from poorwsgi.response import JSONResponse
from sqlalchemy import text

from {package} import items
from {package}.app import app


@app.route("/_test/sleep")
def sleep(req):
    with items.sessions() as session:
        session.execute(text("SELECT pg_sleep(0.2)"))
    return JSONResponse(slept=True)
""",
    "webpy": """
from sqlalchemy import text

from {package} import items
from {package}.app import app as webpy_app


class Sleep:
    def GET(self):
        with items.sessions() as session:
            session.execute(text("SELECT pg_sleep(0.2)"))
        return '{{"slept": true}}'


webpy_app.add_mapping("/_test/sleep", Sleep)
app = webpy_app.wsgifunc()
""",
    "web2py": """
from pydal import DAL

from {package}.database import dal_uri
from {package}.wsgi import application


def app(environ, start_response):
    if environ["PATH_INFO"] != "/_test/sleep":
        return application(environ, start_response)
    # As the items controller's model connects: a DAL on the process's pool, per request.
    db = DAL(dal_uri(), pool_size=10, migrate_enabled=False)
    db.executesql("SELECT pg_sleep(0.2)")
    db.close()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{{"slept": true}}']
""",
    "django": """
from django.db import connection
from django.http import JsonResponse
from django.urls import path

from {package}.wsgi import application as app
from {package} import urls


def sleep(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.2)")
    return JsonResponse({{"slept": True}})


urls.urlpatterns.append(path("_test/sleep", sleep))
""",
    "django-asgi": """
from asgiref.sync import sync_to_async
from django.db import connection
from django.http import JsonResponse
from django.urls import path

from {package}.asgi import application as app
from {package} import urls


def _sleep():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.2)")


async def sleep(request):
    # As the ORM's async API runs each query: in the request's own thread, off the event loop.
    await sync_to_async(_sleep)()
    return JsonResponse({{"slept": True}})


urls.urlpatterns.append(path("_test/sleep", sleep))
""",
}
# Channels hands HTTP to Django's ASGI handler: the same route.
SLEEP_ROUTES["channels"] = SLEEP_ROUTES["django-asgi"]
REQUESTS = 50
SLEEP = 0.2


@pytest.fixture(scope="module")
def cluster() -> Iterator[postgres.Cluster]:
    why = postgres.unavailable()
    if why:
        pytest.skip(why)
    with postgres.cluster() as running:
        yield running


def _migrate(project: Path, venv: Path, url: str, layer: matrix.DataLayer) -> None:
    """What the README says (`uv run alembic upgrade head`, `uv run python manage.py migrate`), on DATABASE_URL."""
    command = layer.migrate_command(project.name.replace("-", "_"))
    done = subprocess.run(shlex.split(command), cwd=project, env=projects.venv_env(venv, DATABASE_URL=url),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _crud(address: str) -> None:
    base = f"http://{address}/items"
    assert httpx.get(base, timeout=10).json() == []
    created = [httpx.post(base, json={"name": name}, timeout=10) for name in ("first", "second")]
    assert [response.status_code for response in created] == [201, 201]
    assert httpx.get(base, timeout=10).json() == [response.json() for response in created]
    assert httpx.post(base, json={"name": ""}, timeout=10).status_code == 422


async def _load(address: str, websocket: bool) -> tuple[float, list[float]]:
    """50 concurrent sleeps: their wall time, and the WebSocket echo times while they ran, sorted."""
    echoes: list[float] = []

    async def burst() -> float:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=REQUESTS)) as client:
            start = time.monotonic()
            answers = await asyncio.gather(*(client.get(f"http://{address}/_test/sleep") for _ in range(REQUESTS)))
            wall = time.monotonic() - start
        assert [answer.status_code for answer in answers] == [200] * REQUESTS
        return wall

    if not websocket:
        return await burst(), []
    async with connect(f"ws://{address}/ws", open_timeout=10) as ws:
        task = asyncio.create_task(burst())
        await asyncio.sleep(SLEEP / 2)  # the burst is under way
        while not task.done():
            sent = time.monotonic()
            await ws.send("ping")
            assert await asyncio.wait_for(ws.recv(), 10) == "ping"
            echoes.append(time.monotonic() - sent)
            await asyncio.sleep(0.02)
        wall = await task
    assert echoes, "no echo was timed while the requests ran"
    return wall, sorted(echoes)


@pytest.mark.parametrize(("fw", "interface"), CASES,
                         ids=[fw.key + (f"-{iface.value}" if iface else "") for fw, iface in CASES])
def test_items_over_http(fw: matrix.Framework, interface: matrix.Interface | None, tmp_path: Path,
                         request: pytest.FixtureRequest) -> None:
    """PostgreSQL, then SQLite in the same virtualenv (its dependencies are a subset: no second download)."""
    if interface and os.environ.get("SGI_DATABASE") != "all":
        pytest.skip(f"{fw.label} on {interface.name} runs with SGI_DATABASE=all; CI runs each framework once")
    venv = tmp_path / "venv"
    for database in (Database.POSTGRES, Database.SQLITE):
        work = tmp_path / database.value
        project = projects.generate(work, "data-app", _flags(fw, database, interface))
        if database is Database.POSTGRES:
            python = projects.install(project, venv)
        else:
            projects.uv("pip", "install", "--quiet", "--python", python, project,
                        "--group", project / "pyproject.toml:dev")
        _check(fw, database, project, venv, request)


def _flags(fw: matrix.Framework, database: Database, interface: matrix.Interface | None) -> list[str]:
    websocket = Capability.WEBSOCKET in fw.capabilities and interface is not matrix.Interface.WSGI
    # Without the observability layer: the load check swaps the framework's app in the server's
    # command for one with a test route, and with the layer the command names the middleware's app.
    return (["--framework", fw.key, "--database", database.value, "--no-observability"]
            + (["--websocket"] if websocket else []) + (["--interface", interface.value] if interface else []))


def _check(fw: matrix.Framework, database: Database, project: Path, venv: Path,
           request: pytest.FixtureRequest) -> None:
    work = project.parent
    if database is Database.POSTGRES:
        cluster: postgres.Cluster = request.getfixturevalue("cluster")
        name = f"t{projects.free_port()}"
        url = cluster.create_database(name + "_app")
        test_env = {"TEST_DATABASE_URL": cluster.create_database(name + "_tests")}
    else:
        url, test_env = f"sqlite:///{work / 'app.db'}", {}

    tests = projects.run_own_tests(project, venv / "bin" / "python", **test_env)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "passed" in tests.stdout

    interface = matrix.Interface(yaml.safe_load((project / ".sgi-scaffold.yml").read_text())["interface"])
    layer = fw.data_layer(interface)
    assert layer is not None
    _migrate(project, venv, url, layer)
    command = projects.dockerfile_cmd(project)
    with projects.serving(command, project, venv, work / "server.log", DATABASE_URL=url) as address:
        _crud(address)
    if database is not Database.POSTGRES:
        return

    # The same CMD on one process, serving the app with the test-only route added.
    package = project.name.replace("-", "_")
    routes = SLEEP_ROUTES.get(f"{fw.key}-{interface.value}") or SLEEP_ROUTES[fw.key]
    (project / "sgi_test_sleep.py").write_text(routes.format(package=package))
    target = fw.target(package, interface)
    command = [part.replace(target, "sgi_test_sleep:app") for part in command]
    behind_proxy = project / "behind_proxy.py"  # where the server loads the app through it
    if behind_proxy.exists():
        module, attribute = target.split(":")
        behind_proxy.write_text(behind_proxy.read_text().replace(f"from {module} import {attribute} ",
                                                                 "from sgi_test_sleep import app "))
    websocket = bool(yaml.safe_load((project / ".sgi-scaffold.yml").read_text()).get("websocket"))
    with projects.serving(command, project, venv, work / "load.log", DATABASE_URL=url,
                          WEB_CONCURRENCY="1") as address:
        wall, echoes = asyncio.run(_load(address, websocket))
    record = yaml.safe_load((project / ".sgi-scaffold.yml").read_text())
    print(f"\n{fw.key}+{record['server']} ({interface.name}; {layer.label}, {layer.drivers[database]},"
          f" {layer.migration_tool}): CRUD ok; "
          f"{REQUESTS} x pg_sleep({SLEEP}) on one process: {wall:.2f} s"
          + (f"; {len(echoes)} WebSocket echoes meanwhile: median {echoes[len(echoes) // 2] * 1000:.0f} ms,"
             f" slowest {echoes[-1] * 1000:.0f} ms" if echoes else ""))
    serial = REQUESTS * SLEEP
    if interface is matrix.Interface.ASGI:
        # The pool holds 15 connections: 4 rounds of 0.2 s, where one after the other takes 10 s.
        assert wall < serial / 4, f"{wall:.2f} s: the event loop served the queries one after the other"
        # Echoes answer within 100 ms meanwhile. A blocked loop would hold each echo for whole queries
        # (up to the 10 s above); the slowest may take a few scheduler slices on a machine shared with other jobs.
        # (Django on ASGI has no WebSocket: that is Channels'.)
        assert not websocket or (echoes and echoes[len(echoes) // 2] < 0.1 and echoes[-1] < 1), (
            f"echoes took {echoes} s meanwhile")
    else:
        # One process's threads bound it (Gunicorn: 4 per worker, so 13 rounds of 0.2 s).
        assert wall < serial, f"{wall:.2f} s"
