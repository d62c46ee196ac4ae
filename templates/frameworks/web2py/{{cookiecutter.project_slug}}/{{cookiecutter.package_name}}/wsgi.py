"""The application servers load: ``{{ cookiecutter.package_name }}.wsgi:application``.

web2py reads its VERSION file, routes.py and applications/ from one folder, named
by the ``web2py_path`` environment variable; by default the ``web2py`` folder in
the directory the server starts in (the project folder, as the Dockerfile does).
"""

import os

os.environ.setdefault("web2py_path", os.path.join(os.getcwd(), "web2py"))

import gluon.main  # noqa: E402  (gluon reads web2py_path as it is imported)

application = gluon.main.wsgibase
