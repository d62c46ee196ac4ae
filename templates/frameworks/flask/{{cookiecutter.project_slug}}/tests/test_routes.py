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
