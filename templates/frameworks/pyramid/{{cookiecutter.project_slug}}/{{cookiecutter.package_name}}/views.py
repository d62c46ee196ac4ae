from pyramid.request import Request
from pyramid.view import view_config


@view_config(route_name="health", request_method="GET", renderer="json")
def health(request: Request) -> dict[str, str]:
    return {"status": "ok"}


@view_config(route_name="hello", request_method="GET", renderer="json")
def hello(request: Request) -> dict[str, str]:
    return {"message": f"Hello, {request.matchdict['name']}!"}
