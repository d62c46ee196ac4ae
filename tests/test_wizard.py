"""The wizard driven in a real pseudo-terminal, pressing keys as a person would."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from generator import answers, matrix
from generator.answers import Answers
from generator.matrix import Interface

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CLEAR_LINE = "\x15"  # Ctrl-U


#: The terminal's own size rules: pytest sets COLUMNS and LINES for its own output.
PTY_ENV = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}


@pytest.fixture()
def wizard(tmp_path: Path):
    child = pexpect.spawn(
        sys.executable, ["-m", "generator", "new", "-o", str(tmp_path)],
        encoding="utf-8", timeout=20, dimensions=(50, 200), env=PTY_ENV,
    )
    yield child
    if child.isalive():
        child.kill(signal.SIGKILL)


def choose(child: pexpect.spawn, question: str, downs: int) -> None:
    """Move the cursor ``downs`` rows from where it starts (up if negative) and take that option."""
    child.expect_exact(question)
    child.send((DOWN * downs if downs >= 0 else UP * -downs) + ENTER)


def pick(child: pexpect.spawn, question: answers.Question, value: str) -> None:
    """Select ``value`` with arrow keys, or see it taken when it is the only option."""
    values = [option.value for option in question.options]
    if len(values) == 1:
        child.expect_exact(f"{question.options[0].title} (the only one that fits)")
    else:
        choose(child, question.message, values.index(value) - values.index(question.default_option.value))


def framework_and_server(child: pexpect.spawn, given: Answers, framework: str, server: str,
                         python: str | None = None) -> None:
    """Pick both, then the Python: ``python``, or the default (the newest the pair runs on)."""
    pick(child, answers._framework_question(given), framework)
    pick(child, answers._server_question(Answers(**{**vars(given), "framework": framework})), server)
    question = answers._python_question(Answers(**{**vars(given), "framework": framework, "server": server}))
    pick(child, question, python or question.options[0].value)


WHAT = "What must the service do?"
SYNC_OR_ASYNC = "Sync or async code?"
#: The first question's options, in order (plain HTTP, WebSocket, HTTP/2, both).
HTTP, WS, H2, WS_H2 = range(4)
REDIS = "Broadcast /events through Redis?"
OBSERVE = "Logs, metrics and traces?"


#: What the Kubernetes question says after SQLite: "No" is taken, "Yes" is not offered, with why.
NO_KUBERNETES_WITH_SQLITE = ("not offered: Yes (SQLite keeps its data in one file", "(the only one that fits)")


def answer_name(child: pexpect.spawn, name: str | None, kubernetes: bool | None = False) -> None:
    """The last questions; ``kubernetes=None`` where it is not asked (after SQLite)."""
    choose(child, OBSERVE, 0)
    if kubernetes is None:
        for text in NO_KUBERNETES_WITH_SQLITE:
            child.expect_exact(text)
    else:
        choose(child, "Kubernetes manifests?", 1 if kubernetes else 0)
    child.expect_exact("Project name?")
    child.send((CLEAR_LINE + name if name is not None else "") + ENTER)


def finished(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_async_with_websocket_and_http2(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, WHAT, WS_H2)
    wizard.expect_exact("Async (ASGI): async handlers")  # derived, with what it means, not asked
    framework_and_server(wizard, Answers(interface=Interface.ASGI, websocket=True, http2=True), "fastapi", "hypercorn")
    choose(wizard, "Broadcast /events through Redis?", 1)
    choose(wizard, "Store data?", 2)  # PostgreSQL: the options start at the default
    answer_name(wizard, "wiz", kubernetes=True)
    wizard.expect_exact("curl --http2-prior-knowledge http://127.0.0.1:8000/health")
    wizard.expect_exact("uvx websockets ws://127.0.0.1:8000/ws")
    assert finished(wizard) == 0
    project = tmp_path / "wiz"
    assert '"/ws"' in (project / "wiz" / "main.py").read_text()
    assert "hypercorn" in (project / "Dockerfile").read_text()
    assert (project / "k8s" / "deployment.yaml").is_file()
    assert "REDIS_URL" in (project / "wiz" / "broadcast.py").read_text()
    assert "redis:" in (project / "compose.yaml").read_text()
    assert "asyncpg" in (project / "pyproject.toml").read_text()
    assert (project / "k8s" / "migrate" / "job.yaml").is_file()


def test_channels_asks_about_redis(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, WHAT, WS)
    framework_and_server(wizard, Answers(interface=Interface.ASGI, websocket=True, http2=False), "channels", "daphne")
    choose(wizard, "Broadcast /events through Redis?", 1)
    choose(wizard, "Store data?", 0)  # Channels stores data too (Django's ORM): the default, SQLite
    answer_name(wizard, "chat", kubernetes=None)
    assert finished(wizard) == 0
    assert "redis:" in (tmp_path / "chat" / "compose.yaml").read_text()
    assert "redis: true" in (tmp_path / "chat" / ".sgi-scaffold.yml").read_text()


def test_back_from_any_question_asks_the_previous_one_again(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, WHAT, HTTP)
    choose(wizard, SYNC_OR_ASYNC, 2)  # Sync, Async, then "back"
    choose(wizard, WHAT, WS)  # asked again: now a WebSocket
    framework_and_server(wizard, Answers(interface=Interface.ASGI, websocket=True, http2=False), "fastapi", "uvicorn")
    choose(wizard, REDIS, 0)
    choose(wizard, "Store data?", 1)  # SQLite (the default), No, PostgreSQL: No, so that Kubernetes is asked
    choose(wizard, OBSERVE, 0)
    choose(wizard, "Kubernetes manifests?", 2)  # No, Yes, back: the previous question again
    choose(wizard, OBSERVE, 2)  # Yes, No, back: and the one before
    choose(wizard, "Store data?", 1)
    choose(wizard, OBSERVE, 1)
    choose(wizard, "Kubernetes manifests?", 0)
    wizard.expect_exact("Project name?")
    wizard.send(CLEAR_LINE + "<" + ENTER)  # back from the name too
    choose(wizard, "Kubernetes manifests?", 1)
    wizard.expect_exact("Project name?")
    wizard.send(ENTER)
    assert finished(wizard) == 0
    project = tmp_path / "my-service"
    assert "uvicorn" in (project / "Dockerfile").read_text()
    assert '"/ws"' in (project / "my_service" / "main.py").read_text()
    assert (project / "k8s").is_dir()
    assert not (project / "my_service" / "observability").exists()


def test_sync_http_only_defaults(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, WHAT, HTTP)
    choose(wizard, SYNC_OR_ASYNC, 0)
    wizard.expect_exact("so it cannot broadcast /events")  # what WSGI gives up, said when it is chosen
    framework_and_server(wizard, Answers(interface=Interface.WSGI, websocket=False, http2=False), "flask", "gunicorn")
    choose(wizard, "Store data?", 0)  # the default: SQLite, after which Kubernetes is not offered
    answer_name(wizard, "Plain Service", kubernetes=None)
    wizard.expect_exact("curl http://127.0.0.1:8000/health")
    assert finished(wizard) == 0
    assert "gunicorn" in (tmp_path / "plain-service" / "Dockerfile").read_text()
    assert f"FROM python:{matrix.PYTHONS[-1]}-slim" in (tmp_path / "plain-service" / "Dockerfile").read_text()
    assert (tmp_path / "plain-service" / "plain_service" / "wsgi.py").is_file()
    assert "database: sqlite" in (tmp_path / "plain-service" / ".sgi-scaffold.yml").read_text()


def test_python_is_asked_only_when_more_than_one_fits(wizard: pexpect.spawn, tmp_path: Path) -> None:
    """Flask offers 3.13 (the default), 3.12 and 3.11; web2py runs on 3.11 only, which is taken without asking."""
    assert [o.value for o in answers._python_question(Answers(framework="flask", server="gunicorn")).options] \
        == ["3.13", "3.12", "3.11"]
    choose(wizard, WHAT, HTTP)
    choose(wizard, SYNC_OR_ASYNC, 0)
    given = Answers(interface=Interface.WSGI, websocket=False, http2=False)
    pick(wizard, answers._framework_question(given), "web2py")
    pick(wizard, answers._server_question(Answers(**{**vars(given), "framework": "web2py"})), "gunicorn")
    # No Python question: the next one is whether to store data.
    choose(wizard, "Store data?", 0)
    answer_name(wizard, "old", kubernetes=None)
    assert finished(wizard) == 0
    assert "FROM python:3.11-slim" in (tmp_path / "old" / "Dockerfile").read_text()


def test_a_bad_name_is_asked_again_with_the_reason(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, WHAT, HTTP)
    choose(wizard, SYNC_OR_ASYNC, 0)
    framework_and_server(wizard, Answers(interface=Interface.WSGI, websocket=False, http2=False), "flask", "gunicorn")
    choose(wizard, "Store data?", 0)
    answer_name(wizard, "json", kubernetes=None)
    wizard.expect_exact("would shadow")
    wizard.send(CLEAR_LINE + "good-name" + ENTER)
    assert finished(wizard) == 0
    assert (tmp_path / "good-name" / "good_name").is_dir()


def test_a_taken_or_too_long_name_is_refused_when_typed(wizard: pexpect.spawn, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine\n")
    choose(wizard, WHAT, HTTP)
    choose(wizard, SYNC_OR_ASYNC, 0)
    framework_and_server(wizard, Answers(interface=Interface.WSGI, websocket=False, http2=False), "flask", "gunicorn")
    choose(wizard, "Store data?", 1)  # No
    choose(wizard, OBSERVE, 0)
    choose(wizard, "Kubernetes manifests?", 0)
    wizard.expect_exact(f"The project folder goes into {tmp_path}")
    wizard.expect_exact("Project name?")
    wizard.send(CLEAR_LINE + "taken" + ENTER)
    wizard.expect_exact("already exists and is not empty")
    wizard.send(CLEAR_LINE + "x" * 120 + ENTER)
    wizard.expect_exact("too long")
    wizard.send(CLEAR_LINE + "free" + ENTER)
    assert finished(wizard) == 0
    assert (tmp_path / "free" / "free").is_dir()
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine\n"


def test_with_kubernetes_given_the_database_defaults_to_postgresql(tmp_path: Path) -> None:
    """SQLite is no choice for pods that cannot share its file: not offered, and PostgreSQL is the default."""
    child = pexpect.spawn(sys.executable, ["-m", "generator", "new", "--kubernetes", "--framework", "flask",
                                           "--server", "gunicorn", "--python", "3.13", "--no-websocket",
                                           "--no-http2", "-o", str(tmp_path)],
                          encoding="utf-8", timeout=20, dimensions=(50, 200), env=PTY_ENV)
    try:
        child.expect_exact("not offered: SQLite (SQLite keeps its data in one file")
        choose(child, "Store data?", 0)  # the cursor starts on the default
        choose(child, OBSERVE, 0)
        child.expect_exact("Project name?")
        child.send(ENTER)
        assert finished(child) == 0
    finally:
        if child.isalive():
            child.kill(signal.SIGKILL)
    assert "database: postgres" in (tmp_path / "my-service" / ".sgi-scaffold.yml").read_text()


def test_ctrl_c_leaves_nothing(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, WHAT, HTTP)
    wizard.expect_exact(SYNC_OR_ASYNC)
    wizard.sendintr()
    assert finished(wizard) == 130
    assert list(tmp_path.iterdir()) == []


class Terminal:
    """The wizard in a pseudo-terminal of a given width, its output drawn on a pyte screen.

    The screen answers prompt_toolkit's cursor-position queries as a terminal does.
    """

    def __init__(self, out: Path, columns: int, rows: int = 200) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(sys.executable, ["-m", "generator", "new", "-o", str(out)],
                                   timeout=20, dimensions=(rows, columns), env=PTY_ENV)
        self.screen.write_process_input = lambda data: self.child.send(data.encode())
        self.unread = b""

    def _read(self, timeout: float) -> bytes:
        try:
            chunk = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return b""
        self.stream.feed(chunk)
        return chunk

    def expect(self, text: str) -> None:
        """Wait for ``text`` in the output, then for the output to pause (the screen drawn)."""
        deadline = time.monotonic() + 20
        while text.encode() not in self.unread:
            assert time.monotonic() < deadline, f"no {text!r} on screen:\n{self.text()}"
            self.unread += self._read(1)
        self.unread = self.unread[self.unread.index(text.encode()) + len(text):]
        while chunk := self._read(0.3):
            self.unread += chunk

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        return "\n".join(line for line in self.lines() if line)

    def close(self) -> None:
        if self.child.isalive():
            self.child.kill(signal.SIGKILL)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("columns", [80, 120])
def test_options_are_wrapped_not_cut_and_not_offered_is_one_line(tmp_path: Path, columns: int) -> None:
    term = Terminal(tmp_path, columns)
    try:
        asked = []
        term.expect(WHAT)
        asked.append(answers._capability_question(Answers()))
        shown = term.text()
        term.send(ENTER)
        term.expect(SYNC_OR_ASYNC)
        asked.append(answers._interface_question(Answers(websocket=False, http2=False)))
        shown_interface = term.text()
        term.send(ENTER)
        given = Answers(interface=Interface.WSGI, websocket=False, http2=False)
        term.expect("Framework?")
        asked.append(answers._framework_question(given))
        shown_framework = term.text()
        term.send(DOWN * 2 + ENTER)  # Django
        term.expect("Server?")
        asked.append(answers._server_question(Answers(**{**vars(given), "framework": "django"})))
        screens = [shown, shown_interface, shown_framework, term.text()]
    finally:
        term.close()
    assert all(len(line) <= columns for screen in screens for line in screen.splitlines())
    everything = _flat(" ".join(screens))
    for question in asked:
        for option in question.options:
            assert _flat(option.explanation) in everything, f"{option.explanation!r} is cut at {columns} columns"
    not_offered = [line for line in shown_framework.splitlines() if "not offered" in line]
    asgi_only = sum(fw.interfaces == {Interface.ASGI} for fw in matrix.FRAMEWORKS)
    assert not_offered == [f"  not offered: {asgi_only} ASGI frameworks (async only)"]


def test_not_offered_is_one_short_line_on_every_wizard_path() -> None:
    """Whatever was answered before, each question says in one 80-column line what it hides and why."""
    for interface in Interface:
        for ws, h2 in ((False, False), (True, False), (False, True), (True, True)):
            given = Answers(interface=interface, websocket=ws, http2=h2)
            if not answers.candidates(given):
                continue
            questions = [answers._framework_question(given)]
            questions += [answers._server_question(Answers(**{**vars(given), "framework": fw}))
                          for fw in questions[0].options and [o.value for o in questions[0].options]]
            for question in questions:
                assert len(question.missing) <= 1
                assert all(len("  not offered: " + line) <= 80 for line in question.missing), question.missing
