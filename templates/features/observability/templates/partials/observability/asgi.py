def route_of(scope: dict[str, Any], status: int) -> str:
    """The route template the framework put in the scope (Starlette and FastAPI: ``route``, Litestar:
    ``path_template``), else the path; one label for every path nothing matched."""
    route = getattr(scope.get("route"), "path", None) or scope.get("path_template")
    if route:
        return str(route)
    return scope.get("path", "/") if status != 404 else "(unmatched)"


def _flushing(send: Any) -> Any:
    """The server's lifespan ``send``, which writes this worker's counts to its files once the app has
    shut down: Uvicorn (alone or as Gunicorn's worker) ends a worker by raising the SIGTERM it caught
    again after the app's shutdown, so the process dies of it and what atexit would flush is lost."""

    async def flushing(message: dict[str, Any]) -> None:
        if message["type"] in ("lifespan.shutdown.complete", "lifespan.shutdown.failed"):
            flush()
        await send(message)

    return flushing


class ASGIMiddleware:
    """Request ID, access log and metrics around an ASGI app, ``/metrics``, and open WebSockets counted."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, _flushing(send) if scope["type"] == "lifespan" else send)
        given = next((value for name, value in scope.get("headers") or () if name == b"x-request-id"), None)
        request = request_id(given.decode("latin-1") if given else None)
        token = REQUEST_ID.set(request)
        try:
            if scope["type"] == "websocket":
                await self._websocket(scope, receive, send)
            else:
                await self._http(scope, receive, send, request)
        finally:
            REQUEST_ID.reset(token)

    async def _http(self, scope: dict[str, Any], receive: Any, send: Any, request: str) -> None:
        path = scope.get("path", "/")
        header = (b"x-request-id", request.encode())
        if path == METRICS_PATH:
            body = metrics()
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-type", CONTENT_TYPE.encode()), (b"content-length", str(len(body)).encode()), header]})
            await send({"type": "http.response.body", "body": body})
            return
        status = [500]

        def respond(message: dict[str, Any]) -> Awaitable[None]:
            """The server's ``send``, with the status noted and the request ID added to the response's
            headers. A plain function handing back what ``send`` returns, for the app to await: an
            ``async def`` would add a coroutine to every message sent, for nothing to await itself."""
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                if TRACING:  # before the response goes: OpenTelemetry's middleware ends its span with the last body
                    name_span(scope.get("method", "GET"), route_of(scope, status[0]), status[0], request)
                headers = [pair for pair in message.get("headers") or () if pair[0].lower() != b"x-request-id"]
                headers.append(header)
                message = {**message, "headers": headers}
            return send(message)

        if path in QUIET:
            return await self.app(scope, receive, respond)
        started = time.perf_counter()
        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, respond)
        finally:
            IN_FLIGHT.dec()
            record(scope.get("method", "GET"), path, route_of(scope, status[0]), status[0], started,
                   (scope.get("client") or (None,))[0])

    async def _websocket(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        accepted = False
        started = time.perf_counter()

        async def counting(message: dict[str, Any]) -> None:
            nonlocal accepted
            await send(message)
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                WEBSOCKETS.inc()

        try:
            await self.app(scope, receive, counting)
        finally:
            if accepted:
                WEBSOCKETS.dec()
            # The connection's one access line when it ends: 101 if it was taken, else 403 (refused).
            record("WEBSOCKET", scope["path"], route_of(scope, 101), 101 if accepted else 403, started,
                   (scope.get("client") or (None,))[0])


def wrap(app: Any) -> Any:
    """The app in this module's middleware, inside OpenTelemetry's when tracing is on."""
    wrapped = ASGIMiddleware(app)
    if TRACING:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        return OpenTelemetryMiddleware(wrapped)
    return wrapped
