from collections.abc import Iterator

import pytest
from {{ cookiecutter._sgi.testclient }} import TestClient

from {{ cookiecutter.package_name }}.main import app


@pytest.fixture()
def client() -> Iterator[TestClient]:
    # As a context manager the client runs the application's lifespan (startup and shutdown){% if cookiecutter.websocket %},
    # which starts and stops the /events broadcast{% endif %}.
    with TestClient(app) as client:
        yield client
