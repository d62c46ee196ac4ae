def route_of(environ: dict[str, Any], path: str, status: int) -> str:
    """The route template, where the framework leaves it in the environ (Bottle's route, Pyramid's matched
    route), else the path; one label for every path nothing matched."""
    route = getattr(environ.get("bottle.route"), "rule", None) or getattr(environ.get("bfg.routes.route"), "pattern",
                                                                           None)
    if route:
        return str(route)
    return path if status != 404 else "(unmatched)"


#: A WSGI application: called with the environ and start_response, answers the body.
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WSGIMiddleware:
    """Request ID, access log and metrics around a WSGI app, and ``/metrics``."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = request_id(environ.get("HTTP_X_REQUEST_ID"))
        REQUEST_ID.set(request)
        path = environ.get("PATH_INFO") or "/"
        if path == METRICS_PATH:
            body = metrics()
            start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body))),
                                      ("X-Request-ID", request)])
            return [body]
        status = [500]

        def respond(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = int(line.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"] + [("X-Request-ID", request)]
            return start_response(line, headers, exc_info)

        if path in QUIET:
            return self.app(environ, respond)
        started = time.perf_counter()
        IN_FLIGHT.inc()
        try:
            body = self.app(environ, respond)
        except BaseException:
            self._done(environ, path, status[0], started, request)
            raise
        return self._send(body, environ, path, status, started, request)

    def _send(self, body: Iterable[bytes], environ: dict[str, Any], path: str, status: list[int], started: float,
              request: str) -> Iterator[bytes]:
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._done(environ, path, status[0], started, request)

    @staticmethod
    def _done(environ: dict[str, Any], path: str, status: int, started: float, request: str) -> None:
        IN_FLIGHT.dec()
        route = route_of(environ, path, status)
        method = environ.get("REQUEST_METHOD", "GET")
        if TRACING:
            name_span(method, route, status, request)
        record(method, path, route, status, started, environ.get("REMOTE_ADDR"))


def wrap(app: WSGIApp) -> WSGIApp:
    """The app in this module's middleware, inside OpenTelemetry's when tracing is on."""
    wrapped: WSGIApp = WSGIMiddleware(app)
    if TRACING:
        from opentelemetry.instrumentation.wsgi import OpenTelemetryMiddleware

        wrapped = OpenTelemetryMiddleware(wrapped)
    return wrapped
