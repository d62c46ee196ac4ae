{%- if cookiecutter.websocket -%}
from collections.abc import AsyncIterator

{% endif -%}
import pytest
from quart import Quart
from quart.typing import TestClientProtocol

from {{ cookiecutter.package_name }} import create_app


@pytest.fixture()
def app() -> Quart:
    return create_app({"TESTING": True})


@pytest.fixture()
{%- if cookiecutter.websocket %}
async def client(app: Quart) -> AsyncIterator[TestClientProtocol]:
    # test_app() runs the app's startup and shutdown, which start and stop the broadcast.
    async with app.test_app() as test_app:
        yield test_app.test_client()
{%- else %}
def client(app: Quart) -> TestClientProtocol:
    return app.test_client()
{%- endif %}
