{%- if cookiecutter.websocket -%}
from collections.abc import Iterator

{% endif -%}
import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.main import app


@pytest.fixture()
{%- if cookiecutter.websocket %}
def client() -> Iterator[TestClient]:
    # As a context manager the client runs the lifespan, which starts and stops the broadcast.
    with TestClient(app) as client:
        yield client
{%- else %}
def client() -> TestClient:
    return TestClient(app)
{%- endif %}
