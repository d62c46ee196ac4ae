# The "api" application's default controller. web2py runs this file for each
# request with request, response, session and HTTP already defined (hence the
# noqa below); every function is an action at /api/default/<function>, and
# routes.py maps the short URLs here.
# ruff: noqa: F821

# What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


def _json(data):
    # No session for a JSON API; and a Content-Length, which web2py leaves out, so
    # that servers closing after each response (uWSGI here) still end it cleanly.
    session.forget(response)
    body = response.json(data)
    response.headers["Content-Length"] = str(len(body.encode()))
    return body


def index():
    return _json(ROUTES)


def health():
    return _json({"status": "ok"})


def hello():
    name = request.args(0)
    if name is None:
        raise HTTP(404)
    return _json({"message": f"Hello, {name}!"})
