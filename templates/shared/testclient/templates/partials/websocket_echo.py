#: Sites besides this one whose pages may open its WebSockets, e.g. "https://app.example.com".
ALLOWED_ORIGINS = {o.strip() for o in os.environ.get("WEBSOCKET_ALLOWED_ORIGINS", "").split(",") if o.strip()}


def same_site(socket: WebSocket) -> bool:
    """Browsers send cookies with WebSocket handshakes from any site, so a page elsewhere could
    talk to a WebSocket as the user: a handshake whose Origin is another site is refused.
    Clients that are not browsers send no Origin and are let in."""
    origin = socket.headers.get("origin")
    return not origin or origin in ALLOWED_ORIGINS or urlsplit(origin).netloc == socket.headers.get("host")


async def echo(socket: WebSocket) -> None:
    """Send every text or binary message back until the client closes."""
    if not same_site(socket):
        await socket.close()  # before accept(): the server answers the handshake with 403
        return
    await socket.accept()
    while True:
        message = await socket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await socket.send_text(message["text"])
        else:
            await socket.send_bytes(message["bytes"])
