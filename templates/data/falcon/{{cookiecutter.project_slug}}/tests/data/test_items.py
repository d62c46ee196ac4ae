{%- set asgi = cookiecutter.interface == "asgi" -%}
"""POST and GET /items through Falcon's TestClient, on the throwaway database of tests/data/conftest.py."""

from collections.abc import Iterator

import pytest
from falcon import testing
{%- if asgi %}
from falcon.util import async_to_sync
{%- endif %}

from {{ cookiecutter.package_name }} import db
from {{ cookiecutter.package_name }}.app import app, items


@pytest.fixture()
def client(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[testing.TestClient]:
    """The app with its items on this test's database (the app's own pool was made at import)."""
    engine = db.make_engine()
    monkeypatch.setattr(items, "sessions", db.sessions(engine))
    yield testing.TestClient(app)
{%- if asgi %}
    # On the event loop the TestClient ran the requests on, where the pool's connections live.
    async_to_sync(engine.dispose)
{%- else %}
    engine.dispose()
{%- endif %}


def test_items_start_empty(client: testing.TestClient) -> None:
    response = client.simulate_get("/items")
    assert response.status_code == 200
    assert response.json == []


def test_created_items_are_listed(client: testing.TestClient) -> None:
    created = [client.simulate_post("/items", json={"name": name}) for name in ("first", "second")]
    assert [response.status_code for response in created] == [201, 201]
    assert [item["name"] for item in client.simulate_get("/items").json] == ["first", "second"]
    assert client.simulate_get("/items").json == [response.json for response in created]


def test_an_item_needs_a_name(client: testing.TestClient) -> None:
    for body in ({}, {"name": ""}, ["name"]):
        assert client.simulate_post("/items", json=body).status_code == 422
    assert client.simulate_get("/items").json == []
