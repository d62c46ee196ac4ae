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

from . import __version__, matrix, schema
from .answers import Selection
from .matrix import HEADER_LIMIT, TRUSTED_PROXIES, WEBSOCKET_MAX_SIZE, Database, Server

#: The uv image the generated Dockerfile copies its installer from.
UV_IMAGE_TAG = "0.13"
#: A new project's version: pyproject.toml's, and the tag its image gets in compose and Kubernetes.
PROJECT_VERSION = "0.1.0"
#: One app container's CPU and memory limits, the same in compose and in the Kubernetes Deployment
#: (workers are counted from the CPU limit: see cpu_limit.py).
LIMITS = {"cpus": "1", "memory_mib": 512}
#: The Prometheus image compose's observability profile runs.
PROMETHEUS_IMAGE_TAG = "v3.5.0"
#: The base layer's Jinja filters for free text (templates/base/sgi_filters.py).
EXTENSIONS = ["sgi_filters.SafeText"]
#: The CycloneDX SBOM of the locked runtime dependencies that the generated CI keeps as an artifact.
SBOM_FILE = "sbom.cdx.json"
SBOM_COMMAND = f"uv export --format cyclonedx1.5 --locked --no-dev --quiet --output-file {SBOM_FILE}"
#: What every generated project's tests need, whatever the framework.
DEV_DEPENDENCIES = ("pytest>=8,<10", "ruff>=0.6,<1")
#: What the observability layer needs: Prometheus' client, and OpenTelemetry's SDK, OTLP exporter
#: and its WSGI or ASGI middleware (opentelemetry-instrumentation-* are 0.x, released with the SDK).
OBSERVABILITY_DEPENDENCIES = ("prometheus-client>=0.21,<1", "opentelemetry-sdk>=1.30,<2",
                              "opentelemetry-exporter-otlp-proto-http>=1.30,<2")
OTEL_MIDDLEWARE = {"wsgi": "opentelemetry-instrumentation-wsgi>=0.51b0,<1",
                   "asgi": "opentelemetry-instrumentation-asgi>=0.51b0,<1"}
#: The module the observability layer wraps the framework's app in (templates/features/observability).
OBSERVED_APP = "{package}.observability:app"


def requires_python(selection: Selection) -> str:
    """From the chosen Python up; capped where the pair stops short of the newest Python offered."""
    version = selection.python
    spec = f">={version}"
    if version == selection.combination.pythons[-1] != matrix.PYTHONS[-1]:
        major, minor = version.split(".")
        spec += f",<{major}.{int(minor) + 1}"
    return spec


def framework_app(selection: Selection) -> str:
    """The framework's own app for the interface it is served on, as ``module:attribute``."""
    return selection.framework.target(selection.names.package, selection.combination.interface)


def middleware(selection: Selection) -> bool:
    """Whether the observability layer wraps the app in its WSGI or ASGI middleware: a server that runs
    one framework's own app object (Sanic's) serves no WSGI or ASGI callable, so it is hooked in there."""
    return bool(selection.observability) and selection.server.runs_only is None


def app_target(selection: Selection) -> str:
    """The app inside any proxy wrapper (``served_target`` is what the server loads): the
    framework's app, or it inside the observability middleware."""
    if middleware(selection):
        return OBSERVED_APP.format(package=selection.names.package)
    return framework_app(selection)


def command(server: Server, app: str, interface: str, observability: bool = False) -> str:
    """``server``'s start command for the import target ``app``, as a shell would read it; with
    ``observability`` its own access log is off (the middleware writes it)."""
    return server.command.format(app=app, interface=interface, shutdown=server.shutdown_seconds,
                                 trusted=TRUSTED_PROXIES, ws_max=WEBSOCKET_MAX_SIZE,
                                 wsgi_options=server.wsgi_options if interface == "wsgi" else "",
                                 access_log=server.access_log[bool(observability)])


#: The module behind_proxy.py makes (templates/shared/behind_proxy), and what servers load from it.
BEHIND_PROXY = "behind_proxy:app"


def served_target(selection: Selection) -> str:
    """What the server loads: the app, or behind_proxy.py's wrapping of it where the server needs one."""
    return BEHIND_PROXY if selection.server.proxy_headers else app_target(selection)


def start_command(selection: Selection) -> str:
    """The server's start command as a shell would read it."""
    return command(selection.server, shlex.quote(served_target(selection)), selection.combination.interface.value,
                   bool(selection.observability))


def container_command(selection: Selection) -> list[str]:
    """The Dockerfile's exec-form CMD.

    A command that reads $HOST or $PORT itself needs a shell to expand them;
    ``exec`` hands the server PID 1 so that it receives SIGTERM directly.
    """
    command = start_command(selection)
    if "$" in command:
        return ["sh", "-c", f"exec {command}"]
    return shlex.split(command)


def _proxy_headers(srv: Server, interface: str) -> dict[str, str | None] | None:
    """The wrapper behind_proxy.py applies (and the WSGI-to-ASGI adapter before it), as import parts."""
    if not srv.proxy_headers:
        return None
    module, name = srv.proxy_headers.format(interface=interface).split(":")
    adapter = srv.proxy_headers_wsgi if interface == "wsgi" else None
    return {"module": module, "name": name, "adapter_module": adapter.split(":")[0] if adapter else None,
            "adapter": adapter.split(":")[1] if adapter else None}


def answer_value(selection: Selection, answer: schema.Answer) -> Any:
    """One answer as the templates read it: names and the interface as plain strings."""
    if answer.on_selection:
        value = getattr(selection, answer.key)
        return value.value if isinstance(value, Enum) else value
    return {
        "interface": selection.combination.interface.value,
        "framework": selection.framework.key,
        "server": selection.server.key,
        "name": selection.names.name,
    }[answer.key]


def data(selection: Selection) -> dict[str, Any] | None:
    """What the templates say about the data layer, or None without a database."""
    layer = selection.framework.data_layer(selection.combination.interface)
    if not selection.database or layer is None:
        return None
    return {
        "label": layer.label,
        "driver": layer.drivers[selection.database],
        "migration_tool": layer.migration_tool,
        "migrate": layer.migrate_command(selection.names.package),
        "migrate_json": json.dumps(shlex.split(layer.migrate_command(selection.names.package))),
        "async": (layer.interface or selection.combination.interface).value == "asgi",
        "dialects": {"sqlite": layer.dialects.get(Database.SQLITE),
                     "postgresql": layer.dialects.get(Database.POSTGRES)},
    }


def build(selection: Selection) -> dict[str, Any]:
    fw, srv = selection.framework, selection.server
    layer = fw.data_layer(selection.combination.interface) if selection.database else None
    return {
        **{answer.variable: answer_value(selection, answer) for answer in schema.ANSWERS},
        "project_slug": selection.names.slug,
        "package_name": selection.names.package,
        "_extensions": EXTENSIONS,
        "_sgi": {
            "version": __version__,
            "project_version": PROJECT_VERSION,
            "image": f"{selection.names.slug}:{PROJECT_VERSION}",
            "limits": LIMITS,
            "framework_label": fw.label,
            "server_label": srv.label,
            "server_owner": srv.owner,
            "test_client": fw.test_client,
            "testclient": fw.testclient,
            "testclient_disconnect": fw.testclient_disconnect,
            "testclient_http": fw.testclient_http,
            "api_docs": fw.api_docs,
            "asgi_worker": srv.asgi_worker,
            "asgi_worker_note": srv.asgi_worker_note,
            # The /events broadcast comes with the WebSocket where the framework has one.
            "events": selection.websocket and bool(fw.redis),
            "requires_python": requires_python(selection),
            "ruff_target": "py" + selection.python.replace(".", ""),
            "app": app_target(selection),
            "framework_app": framework_app(selection),
            # How the observability layer is laid in: "middleware" (WSGI or ASGI) or "hooks" (Sanic's server).
            "observe": ("middleware" if middleware(selection) else "hooks") if selection.observability else None,
            "access_log_off": srv.access_log_off,
            "workers_from": srv.workers_from,
            "dependencies": [
                *fw.dependencies, *(fw.redis if selection.redis else ()), *srv.dependencies,
                *(srv.http2_dependencies if selection.http2 else ()),
                *(layer.dependencies[selection.database] if layer else ()),
                *(fw.data_dependencies if layer else ()),
                *(OBSERVABILITY_DEPENDENCIES if selection.observability else ()),
                *((OTEL_MIDDLEWARE[selection.combination.interface.value],) if middleware(selection) else ()),
            ],
            "dev_dependencies": [*DEV_DEPENDENCIES, *fw.dev_dependencies, *(layer.dev_dependencies if layer else ())],
            "data": data(selection),
            "run_command": start_command(selection),
            "cmd_json": json.dumps(container_command(selection)),
            "server_config": srv.config,
            "server_django_app": srv.django_app,
            "lifespan": srv.lifespan,
            "proxy_headers": _proxy_headers(srv, selection.combination.interface.value),
            "shutdown_seconds": srv.shutdown_seconds,
            "drains": srv.drains,
            "new_during_drain": srv.new_during_drain,
            "shutdown_note": srv.shutdown_note,
            "slow_clients": srv.slow_clients,
            "replica_workers": srv.replica_workers,
            "forwarded": sorted(srv.forwarded),
            "forwarded_by": srv.forwarded_by,
            # The server runs the framework's own app object (Sanic's): the app sets up what a server would.
            "own_server": srv.runs_only is not None,
            "forwarded_allow_ips": TRUSTED_PROXIES,
            "websocket_max_size": WEBSOCKET_MAX_SIZE,
            "websocket_too_big": srv.websocket_too_big,
            "websocket_own_limit": list(srv.websocket_own_limit) if srv.websocket_own_limit else None,
            "header_limit": HEADER_LIMIT if srv.header_limit else None,
            "websocket_send_waits": srv.websocket_send_waits,
            "concurrency": srv.concurrency,
            "http2_mode": srv.http2_mode if selection.http2 else None,
            "tls_env": list(srv.tls_env) if selection.http2 and srv.tls_env else None,
            "uv_image_tag": UV_IMAGE_TAG,
            "prometheus_image_tag": PROMETHEUS_IMAGE_TAG,
            "sbom_command": SBOM_COMMAND,
            "sbom_file": SBOM_FILE,
        },
    }
