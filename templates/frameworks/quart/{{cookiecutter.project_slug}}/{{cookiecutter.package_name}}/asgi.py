"""The application servers load: ``{{ cookiecutter.package_name }}.asgi:app``."""

from . import create_app

app = create_app()
