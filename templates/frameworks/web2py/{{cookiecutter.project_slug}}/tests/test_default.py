from webtest import TestApp


def test_no_session_cookie(client: TestApp) -> None:
    # The JSON actions forget the session: no cookie, no session file.
    assert "Set-Cookie" not in client.get("/health").headers
