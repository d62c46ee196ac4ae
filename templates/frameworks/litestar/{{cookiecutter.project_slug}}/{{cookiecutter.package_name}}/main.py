{% if cookiecutter.websocket -%}
import os
from urllib.parse import urlsplit

{% endif -%}
from litestar import Litestar, {% if cookiecutter.websocket %}WebSocket, {% endif %}get{{ ", websocket" if cookiecutter.websocket }}
from litestar.params import FromPath

ROUTES = {% include "partials/routes.index" %}


@get("/")
async def index() -> dict[str, str]:
    """What this service answers, to start from."""
    return ROUTES


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/hello/{name:str}")
async def hello(name: FromPath[str]) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
{%- if cookiecutter.websocket %}


{% include "partials/websocket_echo.py" %}
{%- endif %}


app = Litestar(route_handlers=[index, health, hello{{ ", websocket('/ws')(echo)" if cookiecutter.websocket }}])
