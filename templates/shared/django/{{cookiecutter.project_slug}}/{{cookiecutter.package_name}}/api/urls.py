from django.urls import path

from . import {% if cookiecutter._sgi.data %}items, {% endif %}views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("health", views.health, name="health"),
    path("hello/<str:name>", views.hello, name="hello"),
{%- if cookiecutter._sgi.data %}
    path("items", items.items, name="items"),
{%- endif %}
{%- if cookiecutter.interface == "asgi" and cookiecutter.websocket %}
    # POST only; the WebSocket at /events is routed in asgi.py.
    path("events", views.publish, name="publish"),
{%- endif %}
]
