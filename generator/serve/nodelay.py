"""uvicorn's h11 protocol with Nagle's algorithm off on every connection.

asyncio turns Nagle off (TCP_NODELAY) only on sockets whose protocol number
says TCP. uvicorn's multi-process mode binds the listening socket with
protocol 0 and hands it to its workers, so their connections keep Nagle on: a
response written in two parts then waits for the client's delayed ACK, ~45 ms
per keep-alive request measured here (Kludex/uvicorn#3149). Setting the option
where each connection starts works in both modes.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
