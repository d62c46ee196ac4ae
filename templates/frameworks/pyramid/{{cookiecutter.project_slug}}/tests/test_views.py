from webtest import TestApp


def test_views_answer_get_only(client: TestApp) -> None:
    # A request method no view accepts finds no view: 404, Pyramid's default.
    assert client.post("/health", expect_errors=True).status_int == 404
