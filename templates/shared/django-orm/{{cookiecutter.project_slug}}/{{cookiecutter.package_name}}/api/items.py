{%- set aio = cookiecutter._sgi.data.async -%}
"""The example resource: POST /items stores one, GET /items lists them.
{%- if aio %}

An async view on Django's async ORM API (acreate, async for): the queries run in a thread of
this request, so the event loop serves other requests{% if cookiecutter.websocket %} and WebSocket messages{% endif %} meanwhile.
{%- endif %}
"""

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Item


# Called by API clients, not by forms: no CSRF token. Put your own authentication here.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
{{ "async " if aio }}def items(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return JsonResponse([item.as_dict() {{ "async " if aio }}for item in Item.objects.all()], safe=False)
    try:
        name = json.loads(request.body).get("name")
    except (ValueError, AttributeError):
        name = None
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        return JsonResponse({"error": "name must be a string of 1 to 200 characters"}, status=422)
    item = {{ "await Item.objects.acreate" if aio else "Item.objects.create" }}(name=name)
    return JsonResponse(item.as_dict(), status=201)
