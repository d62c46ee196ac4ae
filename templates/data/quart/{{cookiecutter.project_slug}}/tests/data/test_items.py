from collections.abc import AsyncIterator

import pytest
from quart.typing import TestClientProtocol

from {{ cookiecutter.package_name }} import create_app

pytestmark = pytest.mark.anyio


@pytest.fixture()
async def client(database_url: str) -> AsyncIterator[TestClientProtocol]:
    # test_app() runs the before_serving hook that opens the pool, and after_serving to close it.
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    async with app.test_app() as test_app:
        yield test_app.test_client()


async def test_items_start_empty(client: TestClientProtocol) -> None:
    response = await client.get("/items")
    assert response.status_code == 200
    assert await response.get_json() == []


async def test_created_items_are_listed(client: TestClientProtocol) -> None:
    created = [await client.post("/items", json={"name": name}) for name in ("first", "second")]
    assert [response.status_code for response in created] == [201, 201]
    listed = await (await client.get("/items")).get_json()
    assert [item["name"] for item in listed] == ["first", "second"]
    assert listed == [await response.get_json() for response in created]


async def test_an_item_needs_a_name(client: TestClientProtocol) -> None:
    assert (await client.post("/items", json={})).status_code == 422
    assert (await client.post("/items", json={"name": ""})).status_code == 422
    assert await (await client.get("/items")).get_json() == []
