# The example resource at /items (routes.py): POST stores one, GET lists them, on the models'
# db (models/items/db.py). web2py runs this file for each request with request, response, session and
# db already defined (hence the noqa below).
# ruff: noqa: F821


def _json(data, status=200):
    # No session for a JSON API; and a Content-Length, which web2py leaves out.
    session.forget(response)
    response.status = status
    body = response.json(data)
    response.headers["Content-Length"] = str(len(body.encode()))
    return body


@request.restful()
def index():
    def GET():
        return _json(db(db.item).select(orderby=db.item.id).as_list())

    def POST(name=None, **fields):
        # web2py reads a JSON object's keys into request.vars, which are these arguments.
        if not isinstance(name, str) or not 1 <= len(name) <= 200:
            return _json({"error": "name must be a string of 1 to 200 characters"}, 422)
        return _json({"id": db.item.insert(name=name), "name": name}, 201)

    return locals()
