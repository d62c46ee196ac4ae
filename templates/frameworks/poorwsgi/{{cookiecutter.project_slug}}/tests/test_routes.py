from webtest import TestApp


def test_only_get_and_head_are_routed(client: TestApp) -> None:
    # app.route() answers GET and HEAD unless told otherwise.
    assert client.head("/health").status_int == 200
    assert client.post("/health", expect_errors=True).status_int == 405
