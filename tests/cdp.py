"""A minimal Chrome DevTools Protocol client for the page tests: Debian's chromium, headless, over a WebSocket.

Only what the tests use: start the browser on a free debugging port with a
fresh profile, open pages, evaluate JavaScript, click and type with real
input events, and collect downloads. Stopped by its PID.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import connect

from . import projects

FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--remote-debugging-port=0", "--window-size=1280,1000",
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """One tab, driven through its own DevTools WebSocket."""

    def __init__(self, url: str) -> None:
        self._stack = ExitStack()
        self._socket = self._stack.enter_context(connect(url, max_size=None, open_timeout=30))
        self._ids = itertools.count(1)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv(timeout=30))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def js(self, expression: str) -> Any:
        """Evaluate in the page (awaiting a promise) and return the value as JSON."""
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 20) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout}s: {expression}")
            time.sleep(0.1)

    def goto(self, url: str) -> None:
        self.send("Page.enable")
        self.send("Page.navigate", url=url)
        self.wait("document.readyState === 'complete'")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, as a person would make it."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        assert box, f"nothing matches {selector}"
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def key(self, key: str, code: str, key_code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=key_code)

    def type(self, text: str) -> None:
        self.send("Input.insertText", text=text)

    def close(self) -> None:
        self._stack.close()


class Browser:
    def __init__(self, port: int, downloads: Path) -> None:
        self.port, self.downloads = port, downloads

    def new_page(self, url: str = "about:blank") -> Page:
        """A new tab in its own browser context: no storage or history shared with earlier tabs."""
        with connect(self._browser_socket(), max_size=None) as browser:
            def call(ident: int, method: str, **params: Any) -> dict[str, Any]:
                browser.send(json.dumps({"id": ident, "method": method, "params": params}))
                while True:
                    message = json.loads(browser.recv(timeout=30))
                    if message.get("id") == ident:
                        return message["result"]

            context = call(1, "Target.createBrowserContext")["browserContextId"]
            target = call(2, "Target.createTarget", url="about:blank", browserContextId=context)["targetId"]
        page = Page(f"ws://127.0.0.1:{self.port}/devtools/page/{target}")
        # Set on the page's own session: it lasts as long as that session does.
        page.send("Page.setDownloadBehavior", behavior="allow", downloadPath=str(self.downloads))
        if url != "about:blank":
            page.goto(url)
        return page

    def _browser_socket(self) -> str:
        return httpx.get(f"http://127.0.0.1:{self.port}/json/version", timeout=10).json()["webSocketDebuggerUrl"]


@contextmanager
def browser(profile: Path, downloads: Path, log: Path) -> Iterator[Browser]:
    """Headless chromium with a fresh profile; its debugging port read from the profile's DevToolsActivePort."""
    executable = chromium()
    assert executable, "chromium is not installed"
    with log.open("wb") as out:
        proc = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            active = profile / "DevToolsActivePort"
            deadline = time.monotonic() + 30
            while not (active.is_file() and active.read_text().strip()):
                assert proc.poll() is None, f"chromium exited with {proc.returncode}; see {log}"
                assert time.monotonic() < deadline, "chromium opened no debugging port within 30 s"
                time.sleep(0.1)
            yield Browser(int(active.read_text().splitlines()[0]), downloads)
        finally:
            projects.stop(proc)
