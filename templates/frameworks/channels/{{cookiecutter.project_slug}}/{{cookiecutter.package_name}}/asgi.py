"""The application servers load: ``{{ cookiecutter.package_name }}.asgi:application``.

Channels' ProtocolTypeRouter sends HTTP to Django and{% if cookiecutter.websocket %} WebSocket connections to
the consumers routed below{% else %} would send WebSocket connections to
consumers routed under "websocket"{% endif %}.
"""

import os
from collections.abc import Callable

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.package_name }}.settings")
# Set Django up before anything below imports models or consumers.
django_asgi_app = get_asgi_application()

{%- if cookiecutter.websocket %}
from channels.layers import get_channel_layer  # noqa: E402
{%- endif %}
from channels.routing import ProtocolTypeRouter{% if cookiecutter.websocket %}, URLRouter{% endif %}  # noqa: E402
{%- if cookiecutter.websocket %}
from channels.security.websocket import OriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402

from .consumers import EchoConsumer, EventsConsumer  # noqa: E402

websocket_urlpatterns = [
    path("ws", EchoConsumer.as_asgi()),
    path("events", EventsConsumer.as_asgi()),
]


class SameSiteOriginValidator(OriginValidator):
    """Channels' AllowedHostsOriginValidator, letting in clients that send no Origin.

    Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere
    could talk to a consumer as the user: handshakes whose Origin is not one of
    ALLOWED_HOSTS (DJANGO_ALLOWED_HOSTS) are refused (403). Clients that are not
    browsers send no Origin; Channels' own validator would refuse them too.
    """

    def valid_origin(self, parsed_origin: object) -> bool:
        return parsed_origin is None or super().valid_origin(parsed_origin)
{%- endif %}


{% include "partials/asgi_lifespan.py" %}

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "lifespan": lifespan,
{%- if cookiecutter.websocket %}
        "websocket": SameSiteOriginValidator(URLRouter(websocket_urlpatterns), settings.ALLOWED_HOSTS),
{%- endif %}
    }
)
