async def events(socket: WebSocket) -> None:
    """Receive every message POST /events publishes; what the client sends is ignored."""
    if not same_site(socket):
        await socket.close()  # before accept(): the server answers the handshake with 403
        return
    await socket.accept()

    async def closed() -> None:
        while (await socket.receive())["type"] != "websocket.disconnect":
            pass

    await broadcast.serve(socket.send_text, closed, socket.close)