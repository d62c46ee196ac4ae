"""The ASGI application: ``{{ cookiecutter.package_name }}.asgi:application``.

{% if cookiecutter.interface == "asgi" %}This project's server loads it{% else %}For ASGI servers: this project's server loads wsgi.py{% endif %}.

Django serves HTTP over ASGI itself, async views included; WebSocket needs Channels.
See https://docs.djangoproject.com/en/stable/howto/deployment/asgi/.
"""

import os
from collections.abc import Callable

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.package_name }}.settings")

django_asgi_app = get_asgi_application()


{% include "partials/asgi_lifespan.py" %}

async def application(scope: dict, receive: Callable, send: Callable) -> None:
    """HTTP to Django; the server's lifespan events to ``lifespan``."""
    if scope["type"] == "lifespan":
        return await lifespan(scope, receive, send)
    return await django_asgi_app(scope, receive, send)
