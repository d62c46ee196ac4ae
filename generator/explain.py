"""``sgi-scaffold explain NAME``: one framework or server in words, with the
reason it can or cannot do each capability, all drawn from the matrix and the
same checks the CLI applies to answers.
"""

from __future__ import annotations

from . import matrix
from .answers import Answers, check
from .errors import UserError
from .matrix import Capability


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


def explain(name: str) -> str:
    """The text for a framework or server key; an unknown name is a UserError."""
    fw = next((f for f in matrix.FRAMEWORKS if f.key == name), None)
    srv = next((s for s in matrix.SERVERS if s.key == name), None)
    if fw is None and srv is None:
        known = ", ".join(e.key for e in (*matrix.FRAMEWORKS, *matrix.SERVERS))
        raise UserError(f"unknown framework or server {name!r}; choose one of: {known}")
    if fw is not None:
        pairs = [c for c in matrix.combinations() if c.framework == fw]
        lines = [
            f"{fw.label} ({fw.key}): {fw.summary}.",
            f"Interface: {fw.interface.name}.",
            f"Tests use: {fw.test_client}.",
            "Can it serve:",
            *_capability_lines(framework=fw.key),
            "Servers that run it: " + (", ".join(c.server.key for c in pairs) or "none"),
            "Stores data (--database): "
            + (matrix.describe_data(fw.data_layer) if fw.data_layer else "not offered yet (no data layer written)"),
        ]
        left_out = [s for s in matrix.SERVERS if s not in {c.server for c in pairs}]
        lines += [f"  not {s.key}: {_verdict(Answers(framework=fw.key, server=s.key))[4:]}" for s in left_out]
        return "\n".join(lines)
    assert srv is not None
    pairs = [c for c in matrix.combinations() if c.server == srv]
    http2 = {"h2c": " (HTTP/2 over cleartext, prior knowledge or upgrade)", "tls": " (HTTP/2 over TLS only)"}
    lines = [
        f"{srv.label} ({srv.key}): {srv.summary}.",
        "Interfaces: " + ", ".join(i.name for i in matrix.Interface if i in srv.interfaces)
        + http2.get(srv.http2_mode or "", "") + ".",
        *([f"HTTP/2 for: {', '.join(i.name for i in matrix.Interface if i in srv.http2)} apps."] if srv.http2 else []),
        *([f"TLS (HTTP/2 by ALPN): set {srv.tls_env[0]} and {srv.tls_env[1]} to a certificate and its key."]
          if srv.tls_env else []),
        *([f"Beta upstream (offered, never a default): {', '.join(srv.beta)}."] if srv.beta else []),
        "Started as: " + srv.command.format(app="<package>.<module>:app", interface="<interface>",
                                            shutdown=srv.shutdown_seconds),
        "Can it serve:",
        *_capability_lines(server=srv.key),
        "Frameworks it runs: " + (", ".join(c.framework.key for c in pairs) or "none"),
    ]
    return "\n".join(lines)
