"""The application servers load: ``{{ cookiecutter.package_name }}.wsgi:app``."""

from . import main

app = main({})
