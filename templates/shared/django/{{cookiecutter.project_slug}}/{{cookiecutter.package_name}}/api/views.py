{%- set maybe_async = "async " if cookiecutter.interface == "asgi" else "" -%}
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@require_safe
{{ maybe_async }}def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(ROUTES)


@require_safe
{{ maybe_async }}def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_safe
{{ maybe_async }}def hello(request: HttpRequest, name: str) -> JsonResponse:
    return JsonResponse({"message": f"Hello, {name}!"})
