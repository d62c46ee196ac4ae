"""``sgi-scaffold serve``: the generator as a self-hosted web initializr.

A page for browsers and an HTTP API for scripts, both answering exactly what
``sgi-scaffold new --no-input`` writes for the same answers. Optional: it needs
the ``serve`` extra (``pip install 'sgi-scaffold[serve]'``), so the CLI itself
never imports a web stack.
"""

from __future__ import annotations

#: Connections uvicorn serves at once; past it new ones get 503 rather than queueing without end.
MAX_CONNECTIONS = 256
#: Seconds an idle keep-alive connection is held.
KEEP_ALIVE = 5
#: Largest request head uvicorn accepts: above the query-string limit, so a long query gets our JSON 400.
MAX_HEAD = 64 * 1024


def run(host: str = "127.0.0.1", port: int = 8080, log_level: str = "info", workers: int = 1) -> None:
    """Serve until interrupted, from ``workers`` processes sharing the one listening socket.

    More processes use more cores (rendering holds the GIL); uvicorn supervises
    them and replaces one that dies. Its multi-process mode alone would leave
    Nagle's algorithm on for every connection (Kludex/uvicorn#3149: ~45 ms per
    keep-alive request, measured), so the protocol turns it off itself.
    """
    import uvicorn

    from .nodelay import NoDelayH11Protocol

    uvicorn.run(
        "generator.serve.app:app",
        host=host,
        port=port,
        http=NoDelayH11Protocol,
        workers=workers,
        log_level=log_level,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE,
        h11_max_incomplete_event_size=MAX_HEAD,
        server_header=False,
    )
