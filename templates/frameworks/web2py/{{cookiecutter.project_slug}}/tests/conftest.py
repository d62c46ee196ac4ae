import os
from pathlib import Path

import pytest
from webtest import TestApp

# The web2py folder of this project, wherever pytest is started from.
os.environ.setdefault("web2py_path", str(Path(__file__).resolve().parent.parent / "web2py"))

from {{ cookiecutter.package_name }}.wsgi import application  # noqa: E402


@pytest.fixture()
def client() -> TestApp:
    # web2py has no test client for its WSGI app; WebTest calls it in-process.
    return TestApp(application)
