"""The data layer on the end-to-end servers (tests/test_e2e.py): every pair whose framework offers
``--database`` (the matrix's ``Framework.data_layer``) is generated with ``--database postgres``, gets
its own databases in the test process's PostgreSQL cluster (one for the app, one for its own tests),
has its migrations run as its README says before the server starts, and is served with DATABASE_URL.
Where PostgreSQL cannot run, the pair keeps the default SQLite (a file of its own) and the checks that
need PostgreSQL skip, saying why.

Also the checks themselves, shared with tests/test_e2e_database.py: items created and listed over
HTTP, and 50 concurrent ``SELECT pg_sleep(0.2)`` requests through the app's own data layer (the probe's
``/__probe/pg_sleep``, tests/probe/sgi_probe_db.py) timed with a WebSocket echo meanwhile.
"""

from __future__ import annotations

import asyncio
import re
import shlex
import statistics
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from generator import matrix
from generator.matrix import Database

from . import postgres, projects

REQUESTS = 50
SLEEP = 0.2


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster | None]:
    """One throwaway PostgreSQL cluster per test process, started on first use; None where it cannot run."""
    why = postgres.unavailable()
    if why:
        print(f"PostgreSQL: {why}; the e2e data layer runs on SQLite")
        yield None
        return
    with postgres.cluster() as running:
        yield running


@dataclass(frozen=True)
class PairData:
    """A pair's database, as its server and its own tests get it."""

    layer: matrix.DataLayer
    database: Database
    url: str
    #: What the project's own tests run with (TEST_DATABASE_URL on PostgreSQL).
    test_env: dict[str, str] = field(default_factory=dict)
    #: Why PostgreSQL's checks cannot run, where it is SQLite.
    why_not_postgres: str = ""

    @property
    def flags(self) -> list[str]:
        return ["--database", self.database.value]

    @property
    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.url}

    def describe(self) -> str:
        """Driver and migration tool, for the issue's table."""
        return f"{self.layer.label}, {self.layer.drivers[self.database]}, {self.layer.migration_tool}"


def for_pair(combo: dict, name: str, work: Path, request: pytest.FixtureRequest) -> PairData | None:
    """The database a pair gets, None where its framework offers no ``--database`` (then nothing changes)."""
    layer = matrix.framework(combo["framework"]).data_layer(combo["interface"])
    if layer is None:
        return None
    cluster: postgres.Cluster | None = request.getfixturevalue("postgres_cluster")
    if cluster is None:
        return PairData(layer, Database.SQLITE, f"sqlite:///{work / 'app.db'}",
                        why_not_postgres=postgres.unavailable() or "no cluster")
    database = re.sub(r"\W", "_", name.lower())
    return PairData(layer, Database.POSTGRES, cluster.create_database(database),
                    {"TEST_DATABASE_URL": cluster.create_database(database + "_tests")})


def migrate(project: Path, venv: Path, data: PairData) -> None:
    """What the README says (`uv run alembic upgrade head`, `uv run python manage.py migrate`), on DATABASE_URL."""
    command = data.layer.migrate_command(project.name.replace("-", "_"))
    done = subprocess.run(shlex.split(command), cwd=project, env=projects.venv_env(venv, **data.env),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def crud(address: str) -> None:
    """Two items created and listed back over HTTP; an empty name refused with 422."""
    base = f"http://{address}/items"
    assert httpx.get(base, timeout=10).json() == []
    created = [httpx.post(base, json={"name": name}, timeout=10) for name in ("first", "second")]
    assert [response.status_code for response in created] == [201, 201], [r.text for r in created]
    assert httpx.get(base, timeout=10).json() == [response.json() for response in created]
    assert httpx.post(base, json={"name": ""}, timeout=10).status_code == 422


@dataclass(frozen=True)
class Load:
    """REQUESTS concurrent pg_sleep(SLEEP) requests: their wall time and the echo times meanwhile, sorted."""

    wall: float
    echoes: list[float]

    def echo_summary(self) -> str:
        if not self.echoes:
            return "-"
        return (f"median {statistics.median(self.echoes) * 1000:.0f} ms, slowest {self.echoes[-1] * 1000:.0f} ms"
                f" ({len(self.echoes)} echoes)")


async def _load(address: str, websocket: bool) -> Load:
    url = f"http://{address}/__probe/pg_sleep?{SLEEP}"
    echoes: list[float] = []

    async def burst() -> float:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=REQUESTS)) as client:
            start = time.monotonic()
            answers = await asyncio.gather(*(client.get(url) for _ in range(REQUESTS)))
            wall = time.monotonic() - start
        assert [answer.status_code for answer in answers] == [200] * REQUESTS, answers[0].text
        return wall

    if not websocket:
        return Load(await burst(), [])
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
    return Load(wall, sorted(echoes))


def load(address: str, websocket: bool) -> Load:
    """Fire the burst (and time WebSocket echoes meanwhile, where the pair has /ws)."""
    # A first request opens the pool (and, for Django, loads its ORM), outside the timing.
    first = httpx.get(f"http://{address}/__probe/pg_sleep?0", timeout=30)
    if first.status_code == 501:
        pytest.skip(first.text)
    assert first.status_code == 200, first.text
    return asyncio.run(_load(address, websocket))
