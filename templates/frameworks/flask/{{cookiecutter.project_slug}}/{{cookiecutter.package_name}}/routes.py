from flask import Blueprint

bp = Blueprint("routes", __name__)


@bp.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/hello/<name>")
def hello(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}
