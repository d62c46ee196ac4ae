from pyramid.request import Request
from pyramid.view import view_config

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@view_config(route_name="index", request_method="GET", renderer="json")
def index(request: Request) -> dict[str, str]:
    return ROUTES


@view_config(route_name="health", request_method="GET", renderer="json")
def health(request: Request) -> dict[str, str]:
    return {"status": "ok"}


@view_config(route_name="hello", request_method="GET", renderer="json")
def hello(request: Request) -> dict[str, str]:
    return {"message": f"Hello, {request.matchdict['name']}!"}
