from django.test import Client
from django.urls import reverse


def test_health(client: Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_hello(client: Client) -> None:
    response = client.get(reverse("api:hello", args=["World"]))
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, World!"}


def test_unknown_route_is_404(client: Client) -> None:
    assert client.get("/nowhere").status_code == 404


def test_index_lists_the_routes(client: Client) -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    routes = client.get("/").json()
    assert routes["health"] == "/health" and routes["hello"] == "/hello/{name}"
    for key, path in routes.items():
        if key not in {% include "partials/routes.untested" %}:
            assert client.get(path).status_code == 200, path


def test_views_answer_get_and_head_only(client: Client) -> None:
    assert client.head("/health").status_code == 200
    assert client.post("/health").status_code == 405
