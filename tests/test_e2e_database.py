"""End to end with the default ``--database sqlite``: what cannot ride on the e2e servers.

Every pair whose framework offers ``--database`` runs on PostgreSQL in tests/test_e2e.py (its own
database, migrations, CRUD and the 50 x ``pg_sleep`` load on the server the other e2e tests use).
SQLite is sampled here: one framework per data layer and interface it serves, the first the matrix
lists (SQLAlchemy sync on WSGI, SQLAlchemy asyncio on ASGI, Django's ORM through its sync and its async
API, web2py's DAL); SGI_DATABASE=all runs every framework on each of its interfaces. Each is generated, installed,
passes its own tests, is migrated as its README says, and serves items over HTTP under the Dockerfile's
CMD from a SQLite file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import matrix
from generator.matrix import Database

from . import e2e_data, projects

pytestmark = pytest.mark.e2e


def _cases() -> list[tuple[matrix.Framework, matrix.Interface, bool]]:
    """Every framework with --database on each interface, and whether CI runs it (the sample)."""
    cases, sampled = [], set()
    for fw in matrix.FRAMEWORKS:
        for interface, layer in fw.data_layers.items():
            first = (layer.key, interface) not in sampled
            sampled.add((layer.key, interface))
            cases.append((fw, interface, first))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("fw", "interface", "sampled"), CASES,
                         ids=[f"{fw.key}-{iface.value}" for fw, iface, _ in CASES])
def test_items_over_http_on_sqlite(fw: matrix.Framework, interface: matrix.Interface, sampled: bool,
                                   tmp_path: Path) -> None:
    if not sampled and os.environ.get("SGI_DATABASE") != "all":
        pytest.skip(f"SQLite is sampled (one framework per data layer and interface); {fw.label} on "
                    f"{interface.name} runs with SGI_DATABASE=all, and on PostgreSQL in test_e2e.py")
    layer = fw.data_layer(interface)
    assert layer is not None
    project = projects.generate(tmp_path, "data-app", ["--framework", fw.key, "--interface", interface.value,
                                                       "--database", Database.SQLITE.value])
    venv = tmp_path / "venv"
    python = projects.install(project, venv)
    tests = projects.run_own_tests(project, python)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "passed" in tests.stdout

    data = e2e_data.PairData(layer, Database.SQLITE, f"sqlite:///{tmp_path / 'app.db'}")
    e2e_data.migrate(project, venv, data)
    with projects.serving(projects.dockerfile_cmd(project), project, venv, tmp_path / "server.log",
                          **data.env) as address:
        e2e_data.crud(address)
    print(f"{fw.key} ({interface.name}; {data.describe()}): CRUD on SQLite ok")
