from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
async def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
async def hello(request: HttpRequest, name: str) -> JsonResponse:
    return JsonResponse({"message": f"Hello, {name}!"})
