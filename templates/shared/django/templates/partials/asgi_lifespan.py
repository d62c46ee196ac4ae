async def lifespan(scope: dict, receive: Callable, send: Callable) -> None:
    """Answer the server's startup and shutdown events, which {{ "neither Django nor Channels handles" if cookiecutter.framework == "channels" else "Django does not handle" }}
    itself: unanswered, Hypercorn and Granian log a warning at every start.

    Code that must run once per worker process at start or stop goes here.
    """
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
{%- if cookiecutter.websocket %}
            # The channel layer's receiving task (Redis pub/sub) is cancelled and its connections closed.
            await get_channel_layer().flush()
{%- endif %}
            await send({"type": "lifespan.shutdown.complete"})
            return
