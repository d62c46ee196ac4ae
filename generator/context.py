"""The cookiecutter context for one selection: every answer, plus the facts the
templates need from the matrix (dependencies, the start command).

Templates only ever read this context, never framework or server names of
their own, so that the matrix stays the one place those facts live.
"""

from __future__ import annotations

import json
import shlex
from enum import Enum
from typing import Any

from . import __version__, schema
from .answers import Selection
from .matrix import Database
from .schema import PYTHON_VERSION

#: The uv image the generated Dockerfile copies its installer from.
UV_IMAGE_TAG = "0.9"
#: The base layer's Jinja filters for free text (templates/base/sgi_filters.py).
EXTENSIONS = ["sgi_filters.SafeText"]
#: What every generated project's tests need, whatever the framework.
DEV_DEPENDENCIES = ("pytest>=8,<10", "ruff>=0.6,<1")


def app_target(selection: Selection) -> str:
    return selection.framework.app.format(package=selection.names.package)


def start_command(selection: Selection) -> str:
    """The server's start command as a shell would read it."""
    return selection.server.command.format(
        app=shlex.quote(app_target(selection)),
        interface=selection.framework.interface.value,
        shutdown=selection.server.shutdown_seconds,
    )


def container_command(selection: Selection) -> list[str]:
    """The Dockerfile's exec-form CMD.

    A command that reads $HOST or $PORT itself needs a shell to expand them;
    ``exec`` hands the server PID 1 so that it receives SIGTERM directly.
    """
    command = start_command(selection)
    if "$" in command:
        return ["sh", "-c", f"exec {command}"]
    return shlex.split(command)


def answer_value(selection: Selection, answer: schema.Answer) -> Any:
    """One answer as the templates read it: names and the interface as plain strings."""
    if answer.on_selection:
        value = getattr(selection, answer.key)
        return value.value if isinstance(value, Enum) else value
    return {
        "interface": selection.framework.interface.value,
        "framework": selection.framework.key,
        "server": selection.server.key,
        "name": selection.names.name,
    }[answer.key]


def data(selection: Selection) -> dict[str, Any] | None:
    """What the templates say about the data layer, or None without a database."""
    layer = selection.framework.data_layer
    if not selection.database or layer is None:
        return None
    return {
        "label": layer.label,
        "driver": layer.drivers[selection.database],
        "migration_tool": layer.migration_tool,
        "migrate": layer.migrate,
        "migrate_json": json.dumps(shlex.split(layer.migrate)),
        "async": layer.interface.value == "asgi",
        "dialects": {"sqlite": layer.dialects[Database.SQLITE], "postgresql": layer.dialects[Database.POSTGRES]},
    }


def build(selection: Selection) -> dict[str, Any]:
    fw, srv = selection.framework, selection.server
    layer = fw.data_layer if selection.database else None
    return {
        **{answer.variable: answer_value(selection, answer) for answer in schema.ANSWERS},
        "project_slug": selection.names.slug,
        "package_name": selection.names.package,
        "python_version": PYTHON_VERSION,
        "_extensions": EXTENSIONS,
        "_sgi": {
            "version": __version__,
            "framework_label": fw.label,
            "server_label": srv.label,
            "test_client": fw.test_client,
            "requires_python": fw.python_requires,
            "app": app_target(selection),
            "dependencies": [
                *fw.dependencies, *(fw.redis if selection.redis else ()), *srv.dependencies,
                *(srv.http2_dependencies if selection.http2 else ()),
                *(layer.dependencies[selection.database] if layer else ()),
            ],
            "dev_dependencies": [*DEV_DEPENDENCIES, *fw.dev_dependencies, *(layer.dev_dependencies if layer else ())],
            "data": data(selection),
            "run_command": start_command(selection),
            "cmd_json": json.dumps(container_command(selection)),
            "server_config": srv.config,
            "shutdown_seconds": srv.shutdown_seconds,
            "concurrency": srv.concurrency,
            "http2_mode": srv.http2_mode if selection.http2 else None,
            "tls_env": list(srv.tls_env) if selection.http2 and srv.tls_env else None,
            "uv_image_tag": UV_IMAGE_TAG,
        },
    }
