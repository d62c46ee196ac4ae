"""The project's URLs; the routes themselves live in the api app."""

from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.package_name }}.api.urls")),
]
