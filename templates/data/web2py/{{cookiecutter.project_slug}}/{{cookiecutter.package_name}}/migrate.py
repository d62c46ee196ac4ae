"""Applies the migrations: ``python -m {{ cookiecutter.package_name }}.migrate``, once per release, before the app starts.

web2py's DAL migrates where the models define the tables (web2py/applications/api/models/items/db.py):
``define_table`` creates a missing table, or alters it to match its definition, and keeps a record
of what it made. The app's requests run the models with migrations off (replicas would race to
migrate); this runs them once with migrations on (``request.is_migration``), in web2py's own shell
environment, and commits.
"""

import os

from pydal import DAL

# web2py set up as the server finds it: web2py_path, then gluon.
from . import wsgi  # noqa: F401


def migrate() -> DAL:
    """Runs the models with migrations on and commits; returns their DAL, its connection given back."""
    # gluon.shell reads web2py_path as it is imported: only now is it set.
    from gluon.shell import env

    app = os.path.join(os.environ["web2py_path"], "applications", "api")
    # The models the items controller runs (models/items/ is theirs alone).
    models = env("api", c="items", import_models=True, dir=app, extra_request={"is_migration": True})
    db = models["db"]
    db.commit()
    db.close()
    return db


if __name__ == "__main__":
    migrate()
