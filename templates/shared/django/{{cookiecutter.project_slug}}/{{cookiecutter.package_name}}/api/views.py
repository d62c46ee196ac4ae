{%- set maybe_async = "async " if cookiecutter.interface == "asgi" else "" -%}
{%- set events = cookiecutter.interface == "asgi" and cookiecutter.websocket -%}
{%- if events -%}
import json
{%- if cookiecutter.redis %}
import os
{%- endif %}

{% if cookiecutter.redis -%}
import redis.asyncio as redis
{% endif -%}
from channels.layers import get_channel_layer
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
{%- if cookiecutter.redis %}
from redis.exceptions import RedisError
{%- endif %}

from ..consumers import GROUP
{%- else -%}
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe
{%- endif %}

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@require_safe
{{ maybe_async }}def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(ROUTES)


@require_safe
{{ maybe_async }}def health(request: HttpRequest) -> JsonResponse:
{%- if events and cookiecutter.redis %}
    """Redis away is degraded, not dead: the answer stays 200 so that liveness probes pass."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return JsonResponse({"status": "ok"})
    try:
        async with redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1) as client:
            await client.ping()
    except (RedisError, OSError):
        return JsonResponse({"status": "degraded", "redis": "unavailable"})
    return JsonResponse({"status": "ok", "redis": "ok"})
{%- else %}
    return JsonResponse({"status": "ok"})
{%- endif %}


@require_safe
{{ maybe_async }}def hello(request: HttpRequest, name: str) -> JsonResponse:
    return JsonResponse({"message": f"Hello, {name}!"})
{%- if events %}


# Called by backends and scripts, not by forms: no CSRF token. Put your own authentication here.
@csrf_exempt
@require_POST
async def publish(request: HttpRequest) -> JsonResponse:
    """Send the message to every client connected to /events (on every process, with Redis)."""
    try:
        event = json.loads(request.body)
    except ValueError:
        event = None
    if not isinstance(event, dict) or not isinstance(event.get("message"), str):
        return JsonResponse({"error": 'expected JSON {"message": "..."}'}, status=400)
{%- if cookiecutter.redis %}
    # The layer's connection from before a Redis restart fails once; the second try opens a new one.
    for attempt in (1, 2):
        try:
            await get_channel_layer().group_send(GROUP, {"type": "event.message", "message": event["message"]})
            break
        except (RedisError, OSError) as err:
            if attempt == 2:
                return JsonResponse({"error": f"Redis is unavailable: {err}"}, status=503)
{%- else %}
    await get_channel_layer().group_send(GROUP, {"type": "event.message", "message": event["message"]})
{%- endif %}
    return JsonResponse({"status": "published"}, status=202)
{%- endif %}
