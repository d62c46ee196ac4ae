"""The initializr's page in a real browser: Debian's headless chromium, driven through its DevTools protocol.

One walk through the page as a person would take it: pick answers with the
mouse and the keyboard, meet a choice that does not fit with its reason, open
Explore, follow the share link into a fresh browser context, download the zip
and find the CLI's tree in it.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import matrix

from . import cdp
from .conftest import run_cli
from .initializr import disk_tree, initializr

pytestmark = [
    pytest.mark.xdist_group("initializr-page"),
    pytest.mark.skipif(cdp.chromium() is None, reason="chromium is not installed (.ci/run installs Debian's)"),
]

#: Every answer the page shows, read back from its form: checked radios by question, and the text fields.
CHOICES = """(() => {
  const out = {};
  for (const input of document.querySelectorAll('#wizard input')) {
    const title = input.closest('label')?.querySelector('.title');
    if (input.type === 'radio' && input.checked) out[input.name] = title.textContent;
    if (input.type === 'text') out[input.name] = input.value;
  }
  return out;
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with initializr(tmp_path_factory.mktemp("initializr-page") / "server.log") as url:
        yield url


@pytest.fixture
def chrome(tmp_path: Path) -> Iterator[cdp.Browser]:
    (tmp_path / "downloads").mkdir()
    with cdp.browser(tmp_path / "profile", tmp_path / "downloads", tmp_path / "chromium.log") as browser:
        yield browser


def _loaded(page: cdp.Page) -> None:
    page.wait("document.querySelectorAll('#wizard fieldset').length >= 8")



def _index(page: cdp.Page, question: str, title: str) -> int:
    titles = page.js(f"[...document.querySelectorAll('#q-{question} label .title')].map(e => e.textContent)")
    return titles.index(title) + 1


def _radio(page: cdp.Page, question: str, title: str) -> str:
    return f"#q-{question} label:nth-of-type({_index(page, question, title)}) input"


def _settled(page: cdp.Page, key: str, value: str) -> None:
    page.wait(f"new URLSearchParams(location.hash.slice(1)).get({json.dumps(key)}) === {json.dumps(value)}")


def test_pick_explore_share_and_download(site: str, chrome: cdp.Browser, tmp_path: Path) -> None:
    page = chrome.new_page(site + "/")
    _loaded(page)
    assert page.js(CHOICES) == {
        "interface": "Sync (WSGI)", "capabilities": "Answer HTTP requests", "framework": "Flask", "server": "Gunicorn",
        "python": "Python 3.13", "database": "SQLite", "observability": "Yes", "kubernetes": "No", "name": "my-service",
        "description": "A small web service", "author": "",
    }

    # Mouse: async, then WebSocket.
    page.click(_radio(page, "interface", "Async (ASGI)"))
    _settled(page, "interface", "asgi")
    page.wait("document.querySelector('#q-framework input:checked').closest('label').textContent.includes('FastAPI')")
    page.click(_radio(page, "capabilities", "Also hold WebSocket connections open"))
    _settled(page, "websocket", "true")

    # Keyboard: from the chosen framework (FastAPI), the arrow key moves to the next ones that fit:
    # Starlette, Litestar, then Quart.
    page.js("document.querySelector('#q-framework input:checked').focus()")
    for expected in ("starlette", "litestar", "quart"):
        page.key("ArrowDown", "ArrowDown", 40)
        _settled(page, "framework", expected)

    # Quart on Daphne is left out of the matrix: the choice is disabled and says why.
    daphne = _radio(page, "server", "Daphne")
    page.wait(f"document.querySelector({json.dumps(daphne)}).disabled")
    reason = page.js(f"document.querySelector({json.dumps(daphne)}).closest('label').querySelector('.reason')"
                     ".textContent")
    assert reason == "Not offered: " + _cli_reason("quart", "daphne")
    assert matrix.exclusion(matrix.framework("quart"), matrix.server("daphne")).reason in reason
    page.click(_radio(page, "server", "Granian"))
    _settled(page, "server", "granian")
    # The Python question comes from the answer schema like the others.
    page.click(_radio(page, "python", "Python 3.12"))
    _settled(page, "python", "3.12")

    # Type a name; an impossible one is refused in place, then a good one.
    page.js("document.querySelector('#input-name').select()")
    page.js("document.querySelector('#input-name').focus()")
    page.type("json")
    page.wait("document.querySelector('#error-name')?.textContent.includes('shadow')")
    assert page.js("document.querySelector('#download').getAttribute('aria-disabled')") == "true"
    page.js("document.querySelector('#input-name').select()")
    page.type("Chat Room")
    _settled(page, "name", "Chat Room")
    page.wait("!document.querySelector('#error-name')")
    assert page.js("document.activeElement.id") == "input-name", "typing keeps the focus in the field"
    chosen = page.js(CHOICES)
    assert chosen["framework"] == "Quart" and chosen["server"] == "Granian" and chosen["name"] == "Chat Room"
    assert chosen["python"] == "Python 3.12"

    # Explore: the file tree and a file's highlighted text, before download.
    page.click("#explore")
    page.wait("document.querySelectorAll('#files li').length > 5")
    files = page.js("[...document.querySelectorAll('#files li[role=option]')].map(li => li.title)")
    assert "chat_room/routes.py" in files and "README.md" in files
    assert page.wait("document.querySelector('#file-code').textContent.startsWith('# Chat Room')")
    page.click(f"#file-{files.index('chat_room/routes.py')}")
    page.wait("document.querySelector('#file-name').textContent.startsWith('chat_room/routes.py')")
    assert "websocket" in page.js("document.querySelector('#file-code').textContent")
    assert page.js("document.querySelectorAll('#file-code .tok-key').length") > 3, "keywords are highlighted"
    page.key("ArrowDown", "ArrowDown", 40)  # the list has the focus: the keyboard moves through the files
    after = files[files.index("chat_room/routes.py") + 1]
    page.wait(f"document.querySelector('#file-name').textContent.startsWith({json.dumps(after)})")

    # The share link, in a fresh browser context, restores every choice.
    link = page.js("document.querySelector('#share').value")
    assert link.startswith(site + "/#")
    fresh = chrome.new_page(link)
    _loaded(fresh)
    fresh.wait("document.querySelector('#input-name').value === 'Chat Room'")
    assert fresh.js(CHOICES) == chosen
    fresh.close()

    # Download the zip through the page; it holds the CLI's tree.
    page.click("#download")
    archive = _downloaded(chrome.downloads, "chat-room.zip")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "unzipped")
    made = run_cli("new", "--no-input", "--no-lock", "--framework", "quart", "--server", "granian", "--websocket",
                   "--no-http2", "--python", "3.12", "--name", "Chat Room", "-o", tmp_path / "cli")
    assert made.returncode == 0, made.stderr
    assert {k: v[0] for k, v in disk_tree(tmp_path / "unzipped" / "chat-room").items()} == {
        k: v[0] for k, v in disk_tree(tmp_path / "cli" / "chat-room").items()
    }
    page.close()


def _cli_reason(framework: str, server: str) -> str:
    made = run_cli("new", "--no-input", "--framework", framework, "--server", server, "-o", "/")
    return made.stderr.strip().removeprefix("error: ")


def _downloaded(folder: Path, name: str, timeout: float = 20) -> Path:
    deadline = time.monotonic() + timeout
    while not (folder / name).is_file() or any(folder.glob("*.crdownload")):
        assert time.monotonic() < deadline, f"no {name} in {sorted(p.name for p in folder.iterdir())}"
        time.sleep(0.1)
    return folder / name
