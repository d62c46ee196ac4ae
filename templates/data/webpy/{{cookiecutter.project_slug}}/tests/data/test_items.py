"""POST and GET /items through web.py's app.request(), on the throwaway database of tests/data/conftest.py."""

import json
from collections.abc import Iterator

import pytest
import web

from {{ cookiecutter.package_name }} import db, items
from {{ cookiecutter.package_name }}.app import app


@pytest.fixture()
def client(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[web.application]:
    """The app with its items on this test's database (the app's own pool was made at import)."""
    engine = db.make_engine()
    monkeypatch.setattr(items, "sessions", db.sessions(engine))
    yield app
    engine.dispose()


def _post(client: web.application, body: str) -> web.storage:
    return client.request("/items", method="POST", data=body, headers={"Content-Type": "application/json"})


def test_items_start_empty(client: web.application) -> None:
    response = client.request("/items")
    assert response.status == "200 OK"
    assert response.headers["Content-Type"] == "application/json"
    assert json.loads(response.data) == []


def test_created_items_are_listed(client: web.application) -> None:
    created = [_post(client, json.dumps({"name": name})) for name in ("first", "second")]
    assert [response.status for response in created] == ["201 Created"] * 2
    listed = json.loads(client.request("/items").data)
    assert [item["name"] for item in listed] == ["first", "second"]
    assert listed == [json.loads(response.data) for response in created]


def test_an_item_needs_a_name(client: web.application) -> None:
    for body in ("{}", '{"name": ""}', '["name"]', "not json"):
        assert _post(client, body).status == "422 Unprocessable Entity", body
    assert json.loads(client.request("/items").data) == []
