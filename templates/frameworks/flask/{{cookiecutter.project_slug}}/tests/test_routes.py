from flask.testing import FlaskClient


def test_health(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_hello(client: FlaskClient) -> None:
    response = client.get("/hello/World")
    assert response.status_code == 200
    assert response.json == {"message": "Hello, World!"}


def test_unknown_route_is_404(client: FlaskClient) -> None:
    assert client.get("/nowhere").status_code == 404


def test_index_lists_the_routes(client: FlaskClient) -> None:
    """GET / lists the routes, and each HTTP one without a parameter answers."""
    routes = client.get("/").json
    assert routes["health"] == "/health" and routes["hello"] == "/hello/{name}"
    for key, path in routes.items():
        if key not in {% include "partials/routes.untested" %}:
            assert client.get(path).status_code == 200, path
