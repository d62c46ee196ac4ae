from pathlib import Path

import pytest
from pyramid.paster import get_app
from webtest import TestApp

#: The tests run the app as development.ini configures it, wherever pytest is started.
SETTINGS = Path(__file__).resolve().parent.parent / "development.ini"


@pytest.fixture()
def client() -> TestApp:
    # Pyramid's functional tests drive the real app through WebTest.
    return TestApp(get_app(str(SETTINGS), "main"))
