"""POST and GET /items through {{ cookiecutter._sgi.framework_label }}'s TestClient, on the throwaway database of tests/data/conftest.py."""

import asyncio
from collections.abc import Iterator

import {{ cookiecutter._sgi.testclient_http }}
import pytest
from {{ cookiecutter._sgi.testclient }} import TestClient

from {{ cookiecutter.package_name }}.main import app


@pytest.fixture()
def client(database_url: str) -> Iterator[TestClient]:
    # Entering the client runs the lifespan, which opens the pool on DATABASE_URL.
    with TestClient(app) as client:
        yield client


def test_items_start_empty(client: TestClient) -> None:
    response = client.get("/items")
    assert response.status_code == 200
    assert response.json() == []


def test_created_items_are_listed(client: TestClient) -> None:
    created = [client.post("/items", json={"name": name}) for name in ("first", "second")]
    assert [response.status_code for response in created] == [201, 201]
    assert [item["name"] for item in client.get("/items").json()] == ["first", "second"]
    assert client.get("/items").json() == [response.json() for response in created]


def test_an_item_needs_a_name(client: TestClient) -> None:
    assert client.post("/items", json={}).status_code == 422
    assert client.post("/items", json={"name": ""}).status_code == 422
    assert client.get("/items").json() == []


def test_without_a_lifespan_the_first_request_opens_it(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Daphne sends no lifespan events: requests on one event loop and no lifespan, as under Daphne.

    (A TestClient not entered would run each request on a loop of its own, which a pool of
    asyncpg connections cannot outlive.)
    """
    monkeypatch.delattr(app.state, "sessions", raising=False)

    async def first_requests() -> list[str]:
        transport = {{ cookiecutter._sgi.testclient_http }}.ASGITransport(app=app)
        async with {{ cookiecutter._sgi.testclient_http }}.AsyncClient(transport=transport, base_url="http://testserver") as client:
            assert (await client.post("/items", json={"name": "no lifespan"})).status_code == 201
            names = [item["name"] for item in (await client.get("/items")).json()]
        await app.state.sessions.kw["bind"].dispose()  # the pool the first request opened
        del app.state.sessions
        return names

    assert asyncio.run(first_requests()) == ["no lifespan"]
