from django.test import Client


def test_health() -> None:
    response = Client().get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_hello() -> None:
    response = Client().get("/hello/World")
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, World!"}


def test_unknown_route_is_404() -> None:
    assert Client().get("/nowhere").status_code == 404

