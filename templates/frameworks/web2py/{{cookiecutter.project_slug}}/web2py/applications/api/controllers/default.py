# The "api" application's default controller. web2py runs this file for each
# request with request, response, session and HTTP already defined (hence the
# noqa below); every function is an action at /api/default/<function>, and
# routes.py maps the short URLs here.
# ruff: noqa: F821


def health():
    session.forget(response)
    return response.json({"status": "ok"})


def hello():
    session.forget(response)
    name = request.args(0)
    if name is None:
        raise HTTP(404)
    return response.json({"message": f"Hello, {name}!"})
