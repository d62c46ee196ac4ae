def _route(request: Any, status: int) -> str:
    """The route template Sanic matched, else the path; one label for every path nothing matched."""
    route = request.route.path if request.route else ("(unmatched)" if status == 404 else request.path)
    return "/" + route.lstrip("/")


def instrument(app: Any) -> None:
    """Sanic's own server: the same request ID, access log, metrics and span through Sanic's middleware,
    and ``/metrics`` as a route."""
    from sanic.response import HTTPResponse, raw

    @app.on_request(priority=1000)
    async def begin(request: Any) -> HTTPResponse | None:
        request.ctx.request_id = request_id(request.headers.get("x-request-id"))
        REQUEST_ID.set(request.ctx.request_id)
        request.ctx.started = time.perf_counter()
        # A WebSocket's handshake gets no HTTP response when taken: it is counted while open instead.
        request.ctx.websocket = request.headers.get("upgrade", "").lower() == "websocket"
        request.ctx.counted = request.path not in QUIET and request.path != METRICS_PATH and not request.ctx.websocket
        if request.ctx.counted:
            IN_FLIGHT.inc()
        if TRACING:
            from opentelemetry import context, propagate, trace

            span = trace.get_tracer(__name__).start_span(
                request.method, context=propagate.extract(dict(request.headers)), kind=trace.SpanKind.SERVER,
                attributes={"http.request.method": request.method, "url.path": request.path})
            request.ctx.span = span, context.attach(trace.set_span_in_context(span))
        return None

    @app.on_response(priority=1000)
    async def end(request: Any, response: HTTPResponse) -> None:
        response.headers["X-Request-ID"] = request.ctx.request_id
        if getattr(request.ctx, "websocket", False):  # refused before the handshake (403)
            record("WEBSOCKET", request.path, _route(request, response.status), response.status, request.ctx.started,
                   request.client_ip)
        if not getattr(request.ctx, "counted", False):
            return
        IN_FLIGHT.dec()
        route = _route(request, response.status)
        if span := getattr(request.ctx, "span", None):
            from opentelemetry import context

            name_span(request.method, route, response.status, request.ctx.request_id)
            span[0].end()
            context.detach(span[1])
        record(request.method, request.path, route, response.status, request.ctx.started, request.client_ip)

    closing: set[asyncio.Task[None]] = set()

    @app.signal("websocket.handler.before")
    async def opened(request: Any, websocket: Any) -> None:
        """A WebSocket taken: counted until its connection is gone, however its handler ended, then its
        one access line (101)."""
        WEBSOCKETS.inc()

        async def closed() -> None:
            try:
                await websocket.wait_for_connection_lost()
            finally:
                WEBSOCKETS.dec()
                REQUEST_ID.set(request.ctx.request_id)
                record("WEBSOCKET", request.path, _route(request, 101), 101, request.ctx.started, request.client_ip)

        closing.add(task := asyncio.get_running_loop().create_task(closed()))
        task.add_done_callback(closing.discard)

    @app.after_server_stop
    async def write_counts(app: Any) -> None:
        """This worker's counts into its files as it stops, whatever way its process then ends."""
        flush()

    @app.get(METRICS_PATH, name="metrics")
    async def serve_metrics(request: Any) -> HTTPResponse:
        return raw(metrics(), content_type=CONTENT_TYPE)
