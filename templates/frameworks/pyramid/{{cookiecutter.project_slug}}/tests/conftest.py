import pytest
from webtest import TestApp

from {{ cookiecutter.package_name }} import main


@pytest.fixture()
def client() -> TestApp:
    # Pyramid's functional tests drive the real app through WebTest.
    return TestApp(main({}))
