"""``sgi-scaffold explain NAME``: one framework or server in words, with the
reason it can or cannot do each capability, all drawn from the matrix and the
same checks the CLI applies to answers.
"""

from __future__ import annotations

from . import matrix
from .answers import Answers, check
from .context import BEHIND_PROXY, command
from .errors import UserError
from .matrix import Capability, Framework, Server


def _verdict(given: Answers) -> str:
    try:
        check(given)
    except UserError as err:
        return f"no: {err}"
    return "yes"


def _capability_lines(**entry: str) -> list[str]:
    return [
        f"  {cap.label}: {_verdict(Answers(**entry, **{cap.value: True}))}"
        for cap in (Capability.WEBSOCKET, Capability.HTTP2)
    ]


def _websocket_limit(srv: matrix.Server) -> str:
    """What the largest WebSocket message is, and what one byte more gets."""
    if srv.websocket_too_big is None and srv.websocket_own_limit:
        size, code = srv.websocket_own_limit
        if code == 1006:
            return (f"no size setting (WEBSOCKET_MAX_SIZE is ignored); a frame of more than {size // 1048576} MiB:"
                    " the connection ends without a close code (clients see 1006, now and then 1005 after a bare"
                    " close frame)")
        return (f"no size setting (WEBSOCKET_MAX_SIZE is ignored); a message of more than {size // 1048576} MiB:"
                f" {_over(code)}")
    if srv.websocket_too_big is None:
        return "no size setting (WEBSOCKET_MAX_SIZE is ignored)"
    return (f"up to WEBSOCKET_MAX_SIZE bytes (default {matrix.WEBSOCKET_MAX_SIZE}); one byte more:"
            f" {_over(srv.websocket_too_big)}")


def _over(code: int) -> str:
    """What a client sees when its WebSocket message is too big."""
    return "the connection is dropped without a close frame" if code == 1006 else f"close code {code}"


#: What ``explain`` says of a server that sends no ASGI lifespan events.
NO_LIFESPAN = ("No ASGI lifespan events: an app's startup and shutdown code (FastAPI's lifespan, Quart's"
               " before_serving) never runs under it; generated projects open what they need on first use.")


def _slow_reader(srv: matrix.Server) -> str:
    """What the /events broadcast can do about a client that has stopped reading, on this server."""
    if srv.websocket_send_waits:
        return "sends to it wait once the socket buffers are full, so /events disconnects it (1013) 100 messages behind"
    return "whatever is sent to it is buffered in memory without limit, so /events cannot see it fall behind"


def _forwarded(srv: matrix.Server) -> str:
    """Which X-Forwarded-* headers the server believes, and from whom."""
    if "proto from anyone" in srv.forwarded:
        return "the scheme is taken from X-Forwarded-Proto whoever sends it (keep it behind the proxy)"
    if not srv.forwarded:
        return "X-Forwarded-* headers are ignored"
    what = " and ".join({"for": "the client's address", "proto": "the scheme"}[h] for h in sorted(srv.forwarded))
    how = f" (by {srv.proxy_headers.format(interface='wsgi|asgi')}, which behind_proxy.py wraps the app in)" \
        if srv.proxy_headers else f" (the proxy's address checked by {srv.forwarded_by})" if srv.forwarded_by else ""
    return f"{what} taken from X-Forwarded-* headers sent from FORWARDED_ALLOW_IPS{how}"


def python_line(entry: Framework | Server) -> str:
    """Which Pythons it runs on (``--python``) and, where it stops short, why."""
    limit = getattr(entry, "python_limit", None)
    return (
        f"Python: {', '.join(entry.pythons)} (`--python`; a project starts on the newest its framework and"
        " server both run on)" + (f"; not newer: {limit}." if limit else ".")
    )


def explain(name: str) -> str:
    """The text for a framework or server key; an unknown name is a UserError.

    A key both a framework and a server have (``sanic``) explains both, the
    framework first; ``framework:NAME`` or ``server:NAME`` picks one.
    """
    kind, _, key = name.rpartition(":")
    if kind not in ("", "framework", "server"):
        raise UserError(f"unknown kind {kind!r} in {name!r}; use framework:NAME or server:NAME")
    fw = next((f for f in matrix.FRAMEWORKS if f.key == key), None) if kind != "server" else None
    srv = next((s for s in matrix.SERVERS if s.key == key), None) if kind != "framework" else None
    if fw is None and srv is None:
        known = ", ".join(e.key for e in (*matrix.FRAMEWORKS, *matrix.SERVERS))
        raise UserError(f"unknown framework or server {name!r}; choose one of: {known}")
    parts = [_framework(fw)] if fw else []
    parts += [_server(srv)] if srv else []
    return "\n\n".join(parts)


def _framework(fw: matrix.Framework) -> str:
    pairs = [c for c in matrix.combinations() if c.framework == fw]
    lines = [
        f"{fw.label} ({fw.key}): {fw.summary}.",
        f"Interface: {matrix.interface_names(fw.interfaces)}.",
        f"Tests use: {fw.test_client}.",
        python_line(fw),
        "Can it serve:",
        *_capability_lines(framework=fw.key),
        "Servers that run it: " + (", ".join(c.server.key for c in pairs) or "none"),
        "Stores data (--database): "
        + (matrix.describe_framework_data(fw.data_layers) if fw.data_layers
           else "not offered yet (no data layer written)"),
    ]
    left_out = [s for s in matrix.SERVERS if s not in {c.server for c in pairs}]
    lines += [f"  not {s.key}: {_verdict(Answers(framework=fw.key, server=s.key))[4:]}" for s in left_out]
    return "\n".join(lines)


def _server(srv: matrix.Server) -> str:
    pairs = [c for c in matrix.combinations() if c.server == srv]
    http2 = {"h2c": " (HTTP/2 over cleartext with prior knowledge; it ignores HTTP/1.1's Upgrade)",
             "h2c+upgrade": " (HTTP/2 over cleartext, prior knowledge or HTTP/1.1's Upgrade)"}
    lines = [
        f"{srv.label} ({srv.key}): {srv.summary}.",
        "Interfaces: " + ", ".join(i.name for i in matrix.Interface if i in srv.interfaces)
        + http2.get(srv.http2_mode or "", "") + ".",
        *([f"HTTP/2 for: {', '.join(i.name for i in matrix.Interface if i in srv.http2)} apps"
           + ("; over cleartext only to the proxy's addresses (FORWARDED_ALLOW_IPS), HTTP/1.1 to anyone else."
              if srv.http2_from_proxy_only else ".")] if srv.http2 else []),
        python_line(srv),
        *([f"TLS (HTTP/2 by ALPN): set {srv.tls_env[0]} and {srv.tls_env[1]} to a certificate and its key."]
          if srv.tls_env else []),
        *([f"Beta upstream (offered, never a default): {', '.join(srv.beta)}."] if srv.beta else []),
        "Started as: " + command(srv, BEHIND_PROXY if srv.proxy_headers else "<package>.<module>:app", "<interface>"),
        "On SIGTERM: " + (f"requests in flight finish (up to {srv.shutdown_seconds} s); new connections are "
                          + ("refused." if srv.new_during_drain == "refused" else "accepted and left unanswered"
                             " until it exits.") if srv.drains
                          else "requests in flight are cut.") + (f" {srv.shutdown_note}" if srv.shutdown_note else ""),
        "Behind a proxy: " + _forwarded(srv) + ".",
        *([f"Request headers: an HTTP/1.1 request head of up to {matrix.HEADER_LIMIT // 1024} KiB, an HTTP/2 header"
           + " list under it; more gets 431."] if srv.header_limit else []),
        *([] if srv.lifespan else [NO_LIFESPAN]),
        *([f"WebSocket messages: {_websocket_limit(srv)}."] if Capability.WEBSOCKET in srv.capabilities else []),
        *([f"A WebSocket client that stops reading: {_slow_reader(srv)}."]
          if Capability.WEBSOCKET in srv.capabilities else []),
        "Can it serve:",
        *_capability_lines(server=srv.key),
        "Frameworks it runs: " + (", ".join(c.framework.key for c in pairs) or "none"),
    ]
    return "\n".join(lines)
