"""``GET /`` for curl and HTTPie: the parameters, their choices and a copy-paste example, as plain text."""

from __future__ import annotations

from . import project


def _choices(question: dict) -> str:
    if question["type"] == "text":
        return "free text"
    if question["id"] == "capabilities":
        return "true or false each"
    return ", ".join(str(c["value"]).lower() for c in question["choices"])


def render(base: str) -> str:
    defaults = project.metadata()["defaults"]
    rows = []
    for question in project.questions():
        for param in question["params"]:
            default = defaults[param]
            shown = ("true" if default else "false") if isinstance(default, bool) else default
            rows.append((param, str(shown) or "(empty)", _choices(question)))
    rows.insert(0, ("parameter", "default", "choices"))
    width = [max(len(row[i]) for row in rows) for i in range(2)]
    table = "\n".join(f"  {p:<{width[0]}}  {d:<{width[1]}}  {c}" for p, d, c in rows)
    return f"""sgi-scaffold initializr: a ready-to-run WSGI or ASGI Python web service, as `sgi-scaffold new` writes it.

Get a project (any parameter left out takes the default, as with `sgi-scaffold new --no-input`):

  curl -G {base}/starter.tgz -d framework=flask | tar -xzf -
  curl -G {base}/starter.tgz -d framework=fastapi -d server=hypercorn -d websocket=true -d name=chat | tar -xzf -
  curl -G {base}/starter.zip -d framework=django -o my-service.zip
  curl -G {base}/starter.tgz -d framework=flask -d lock=true | tar -xzf -    # with the uv.lock of today
  http -d {base}/starter.zip framework==quart server==uvicorn websocket==true

Parameters (query string, or a URL-encoded form body on POST):

{table}

Endpoints:

  GET      /metadata            every question, choice, default and excluded pair (JSON; ETag)
  GET|POST /starter.zip         the project as a zip
  GET|POST /starter.tgz         the project as a gzipped tar
  GET      /preview             the project's files and their text (JSON)
  GET      /diff?...&from=...   what changes between two sets of answers (unified diff);
                                from= holds the other answers, URL-encoded: from=framework%3Dflask
  GET      /questions           the wizard's questions for these answers, each choice with why it does not fit

Answers that cannot work together get 400 and the reason `sgi-scaffold new` gives, as JSON:

  curl -G {base}/starter.zip -d framework=flask -d websocket=true
  {{"error":"Flask is WSGI and cannot hold a WebSocket; Quart offers Flask's API on ASGI"}}

Which framework fits which server: curl {base}/metadata, or `sgi-scaffold list`.
"""
