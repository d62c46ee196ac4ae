"""The application servers load: ``{{ cookiecutter.package_name }}.wsgi:app``.

Built from production.ini in the folder the server runs in (the project's root, as in the
image), or from the file ``PYRAMID_INI`` names: ``PYRAMID_INI=development.ini`` for debugging.
"""

import os

from pyramid.paster import get_app, setup_logging

_SETTINGS = os.environ.get("PYRAMID_INI", "production.ini")
setup_logging(_SETTINGS)
app = get_app(_SETTINGS, "main")
