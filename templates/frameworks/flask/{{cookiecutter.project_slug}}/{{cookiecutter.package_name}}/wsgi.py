"""The application servers load: ``{{ cookiecutter.package_name }}.wsgi:app``."""

from . import create_app

app = create_app()
