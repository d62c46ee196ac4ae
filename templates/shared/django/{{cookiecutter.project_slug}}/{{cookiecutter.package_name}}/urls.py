"""The project's URLs; the routes themselves live in the api app{% if cookiecutter._sgi.data %}, the admin under /admin/{% endif %}."""

{% if cookiecutter._sgi.data -%}
from django.contrib import admin
{% endif -%}
from django.urls import include, path

urlpatterns = [
{%- if cookiecutter._sgi.data %}
    path("admin/", admin.site.urls),
{%- endif %}
    path("", include("{{ cookiecutter.package_name }}.api.urls")),
]
