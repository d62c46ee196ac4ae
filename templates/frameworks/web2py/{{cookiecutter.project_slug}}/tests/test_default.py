import logging
import os
from pathlib import Path

import pytest
from webtest import TestApp


def test_no_session_cookie(client: TestApp) -> None:
    # The JSON actions forget the session: no cookie, no session file.
    assert "Set-Cookie" not in client.get("/health").headers


def test_an_error_reaches_the_log_with_its_traceback(client: TestApp, caplog: pytest.LogCaptureFixture) -> None:
    # A controller that fails, there only while this test runs; web2py still files its ticket.
    app = Path(os.environ["web2py_path"]) / "applications" / "api"
    controller = app / "controllers" / "failing.py"
    controller.write_text("def index():\n    raise ZeroDivisionError('raised by a test')\n")
    try:
        with caplog.at_level(logging.ERROR, logger="web2py"):
            client.get("/api/failing/index", status=500)
    finally:
        controller.unlink()
    logged = [record.getMessage() for record in caplog.records if record.name == "web2py"]
    assert len(logged) == 1 and "ZeroDivisionError: raised by a test" in logged[0]
    ticket = logged[0].split()[1]  # "ticket api/<id>"
    (app / "errors" / ticket.split("/", 1)[1]).unlink()
