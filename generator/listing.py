"""The matrix as people and programs read it: a terminal table, JSON, and the
Markdown of ``docs/matrix.md``. All three are views of :mod:`generator.matrix`.
"""

from __future__ import annotations

import json

from . import __version__, matrix
from .matrix import Capability, Combination

_HEADERS = ("Framework", "Interface", "Server", "WebSocket", "HTTP/2")


def _beta(combo: Combination, capability: Capability) -> bool:
    return combo.server.is_beta(combo.interface.value, capability.value)


def _http2(combo: Combination) -> str:
    if not combo.can(Capability.HTTP2):
        return "no"
    how = {"h2c": ["cleartext"], "tls": ["TLS only"]}.get(combo.server.http2_mode or "", [])
    how += ["TLS"] if combo.server.http2_mode == "h2c" and combo.server.tls_env else []
    how += ["beta"] if _beta(combo, Capability.HTTP2) else []
    return f"yes ({', '.join(how)})" if how else "yes"


def _websocket(combo: Combination) -> str:
    if not combo.can(Capability.WEBSOCKET):
        return "no"
    return "yes (beta)" if _beta(combo, Capability.WEBSOCKET) else "yes"


def _rows() -> list[tuple[str, ...]]:
    return [
        (
            combo.framework.label,
            combo.interface.name,
            combo.server.label,
            _websocket(combo),
            _http2(combo),
        )
        for combo in matrix.combinations()
    ]


def as_json() -> str:
    document = {
        "version": __version__,
        "combinations": [combo.as_json() for combo in matrix.combinations()],
        "frameworks": [
            {
                "name": fw.key,
                "label": fw.label,
                # One interface, as before; "asgi+wsgi" for a framework with an app for each.
                "interface": "+".join(sorted(i.value for i in fw.interfaces)),
                "interfaces": sorted(i.value for i in fw.interfaces),
                "capabilities": sorted(cap.value for cap in fw.capabilities),
                "summary": fw.summary,
                "test_client": fw.test_client,
                # /events, its broadcast to every WebSocket client (across processes with --redis).
                "broadcast": bool(fw.redis),
                "database": fw.data,
                # The data layer of each interface's app (they differ for Falcon).
                "databases": {iface.value: layer.key for iface, layer in fw.data_layers.items()},
            }
            for fw in matrix.FRAMEWORKS
        ],
        "servers": [
            {
                "name": srv.key,
                "label": srv.label,
                "interfaces": sorted(i.value for i in srv.interfaces),
                "capabilities": sorted(cap.value for cap in srv.capabilities),
                "http2": sorted(i.value for i in srv.http2),
                "http2_mode": srv.http2_mode,
                "beta": list(srv.beta),
                "summary": srv.summary,
            }
            for srv in matrix.SERVERS
        ],
        "data_layers": [
            {
                "name": layer.key,
                "label": layer.label,
                # Null where the stack has an API for each interface and the pair's decides.
                "interface": layer.interface.value if layer.interface else None,
                "drivers": {db.value: driver for db, driver in layer.drivers.items()},
                "migrations": layer.migration_tool,
                "why": layer.why,
            }
            for layer in matrix.DATA_LAYERS
        ],
        "excluded": [
            {"framework": ex.framework, "server": ex.server, "reason": ex.reason} for ex in matrix.EXCLUSIONS
        ],
    }
    return json.dumps(document, indent=2)


def _cell(framework: matrix.Framework, server: matrix.Server) -> str:
    if not framework.interfaces & server.interfaces or (server.runs_only not in (None, framework.key)):
        return ""
    found = [c for c in matrix.combinations() if c.framework == framework and c.server == server]
    if not found:
        return "left out"
    return " / ".join((f"{c.interface.name}: " if len(found) > 1 else "") + _offered(c) for c in found)


def _offered(combo: Combination) -> str:
    offered = [cap for cap in (Capability.WEBSOCKET, Capability.HTTP2) if combo.can(cap)]
    if combo.server.is_beta(combo.interface.value):  # the whole pair
        return ", ".join(["HTTP", *(cap.label for cap in offered)]) + " (beta)"
    return ", ".join(["HTTP", *(cap.label + (" (beta)" if _beta(combo, cap) else "") for cap in offered)])


def as_grid() -> list[str]:
    """Frameworks down, servers across: the whole matrix at a glance, as Markdown table lines."""
    header = ["Framework", *(srv.label for srv in matrix.SERVERS)]
    rows = [[f"{fw.label} ({matrix.interface_names(fw.interfaces)})", *(_cell(fw, srv) for srv in matrix.SERVERS)]
            for fw in matrix.FRAMEWORKS]
    return ["| " + " | ".join(row) + " |" for row in (header, ["---"] * len(header), *rows)]


def as_markdown() -> str:
    lines = [
        "# Compatibility matrix",
        "",
        "<!-- Generated by `python -m generator.docs`; do not edit by hand. -->",
        "",
        "Every framework/server pair sgi-scaffold can generate, and what the pair can carry.",
        "An empty cell is a pair whose interfaces do not meet; \"left out\" is explained below;",
        "\"beta\" is what the server's own documentation still calls beta (offered, never a default).",
        "",
        *as_grid(),
        "",
        "## Every pair",
        "",
        "| " + " | ".join(_HEADERS) + " |",
        "| " + " | ".join("---" for _ in _HEADERS) + " |",
        *("| " + " | ".join(row) + " |" for row in _rows()),
    ]
    lines += ["", "## Storing data (`--database sqlite` or `postgres`)", ""]
    lines += [f"- {fw.label}: {matrix.describe_framework_data(fw.data_layers)}"
              for fw in matrix.FRAMEWORKS if fw.data_layers]
    without = [fw.label for fw in matrix.FRAMEWORKS if not fw.data_layers]
    lines += [f"- Not offered yet (no data layer written): {', '.join(without)}"] if without else []
    if matrix.EXCLUSIONS:
        lines += ["", "## Pairs left out", ""]
        lines += [f"- {ex.framework} + {ex.server}: {ex.reason}" for ex in matrix.EXCLUSIONS]
    return "\n".join(lines) + "\n"


#: Box-drawing characters, and their ASCII stand-ins for terminals that cannot show them.
_BOX = "┌─┬┐│├┼┤└┴┘"
_ASCII_BOX = "+-++|+++++" + "+"


def _can_draw(encoding: str | None) -> bool:
    try:
        _BOX.encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def table(width: int | None = None, encoding: str | None = None) -> str:
    """The matrix as a table for the terminal, ``width`` columns wide at most.

    ``width`` defaults to the terminal's (``COLUMNS`` first, as the shell sets it);
    where the table does not fit, each pair is one line instead, wrapped. Boxes
    are drawn in ASCII where the output encoding cannot show line drawing.
    Drawn here rather than with rich: importing rich's console alone takes
    several times as long as the whole command otherwise (docs/performance.md).
    """
    import shutil
    import sys
    import textwrap

    width = width or shutil.get_terminal_size((120, 24)).columns
    if encoding is None:
        encoding = getattr(sys.stdout, "encoding", None)
    box = _BOX if _can_draw(encoding) else _ASCII_BOX
    top_l, h, top_m, top_r, v, mid_l, mid_m, mid_r, bot_l, bot_m, bot_r = box
    rows = [_HEADERS, *_rows()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADERS))]
    wrap = textwrap.TextWrapper(width=max(width - 1, 20), subsequent_indent="    ", break_on_hyphens=False)

    def line(left: str, mid: str, right: str) -> str:
        return left + mid.join(h * (w + 2) for w in widths) + right

    def cells(row: tuple[str, ...]) -> str:
        return v + v.join(f" {cell:<{w}} " for cell, w in zip(row, widths, strict=True)) + v

    if sum(widths) + 3 * len(widths) + 1 <= width:
        out = [line(top_l, top_m, top_r), cells(rows[0]), line(mid_l, mid_m, mid_r)]
        out += [cells(row) for row in rows[1:]]
        out.append(line(bot_l, bot_m, bot_r))
    else:
        out = [
            line
            for fw, iface, srv, ws, h2 in rows[1:]
            for line in wrap.wrap(f"{fw} ({iface}) on {srv}: WebSocket {ws}, HTTP/2 {h2}")
        ]
    for ex in matrix.EXCLUSIONS:
        out += wrap.wrap(f"left out: {ex.framework} + {ex.server}: {ex.reason}")
    out += wrap.wrap("--database: " + "; ".join(_data_short(fw) for fw in matrix.FRAMEWORKS if fw.data_layers))
    return "\n".join(out)


def _data_short(fw: matrix.Framework) -> str:
    """"flask (SQLAlchemy 2 (sync), Alembic)"; each interface's stack where they differ (Falcon)."""
    layers = fw.data_layers.values()
    labels = " / ".join(dict.fromkeys(layer.label for layer in layers))
    tools = " / ".join(dict.fromkeys(layer.migration_tool for layer in layers))
    return f"{fw.key} ({labels}, {tools})"
