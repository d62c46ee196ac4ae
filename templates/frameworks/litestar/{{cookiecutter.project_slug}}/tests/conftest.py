from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from {{ cookiecutter.package_name }}.main import app


@pytest.fixture()
def client() -> Iterator[TestClient]:
    # As a context manager the client runs the app's startup and shutdown.
    with TestClient(app=app) as client:
        yield client
