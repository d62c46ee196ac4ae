"""POST and GET /items through WebTest, on the throwaway database of tests/data/conftest.py."""

import pytest
from webtest import TestApp


@pytest.fixture()
def items(database_url: str, client: TestApp) -> TestApp:
    """tests/conftest.py's client, made after database_url has set DATABASE_URL to the test database."""
    return client


def test_items_start_empty(items: TestApp) -> None:
    response = items.get("/items")
    assert response.status_int == 200
    assert response.content_type == "application/json"
    assert response.json == []


def test_created_items_are_listed(items: TestApp) -> None:
    created = [items.post_json("/items", {"name": name}, status=201) for name in ("first", "second")]
    assert [item["name"] for item in items.get("/items").json] == ["first", "second"]
    assert items.get("/items").json == [response.json for response in created]


def test_an_item_needs_a_name(items: TestApp) -> None:
    for body in ({}, {"name": ""}, ["name"]):
        items.post_json("/items", body, status=422)
    items.post("/items", "not json", content_type="application/json", status=422)
    assert items.get("/items").json == []
