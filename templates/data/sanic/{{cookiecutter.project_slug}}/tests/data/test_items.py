"""POST and GET /items through sanic-testing, which starts the app's server (and its listeners) for each request."""

import pytest

from {{ cookiecutter.package_name }}.main import app

# sanic-testing's own deprecation warnings (websockets.legacy, an old listener signature), not this project's.
pytestmark = [
    pytest.mark.filterwarnings("ignore:websockets.legacy is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:.*Passing the loop argument to listeners:DeprecationWarning"),
]


def test_items_start_empty(database_url: str) -> None:
    _, response = app.test_client.get("/items")
    assert response.status == 200
    assert response.json == []


def test_created_items_are_listed(database_url: str) -> None:
    created = [app.test_client.post("/items", json={"name": name})[1] for name in ("first", "second")]
    assert [response.status for response in created] == [201, 201]
    _, listed = app.test_client.get("/items")
    assert [item["name"] for item in listed.json] == ["first", "second"]
    assert listed.json == [response.json for response in created]


def test_an_item_needs_a_name(database_url: str) -> None:
    for body in ({}, {"name": ""}, ["name"]):
        assert app.test_client.post("/items", json=body)[1].status == 422
    _, response = app.test_client.post("/items", content="not json", headers={"content-type": "application/json"})
    assert response.status == 422
    assert app.test_client.get("/items")[1].json == []
