from flask import Blueprint

bp = Blueprint("routes", __name__)

#: What GET / answers: the routes this service has, so that a first visit finds them.
ROUTES = {% include "partials/routes.index" %}


@bp.get("/")
def index() -> dict[str, str]:
    return ROUTES


@bp.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/hello/<name>")
def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
