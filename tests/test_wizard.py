"""The wizard driven in a real pseudo-terminal, pressing keys as a person would."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pexpect
import pytest

from generator import answers
from generator.answers import Answers
from generator.matrix import Interface

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CLEAR_LINE = "\x15"  # Ctrl-U


@pytest.fixture()
def wizard(tmp_path: Path):
    child = pexpect.spawn(
        sys.executable, ["-m", "generator", "new", "-o", str(tmp_path)],
        encoding="utf-8", timeout=20, dimensions=(50, 200),
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


def framework_and_server(child: pexpect.spawn, given: Answers, framework: str, server: str) -> None:
    pick(child, answers._framework_question(given), framework)
    pick(child, answers._server_question(Answers(**{**vars(given), "framework": framework})), server)


def answer_name(child: pexpect.spawn, name: str | None, kubernetes: bool = False) -> None:
    choose(child, "Kubernetes manifests?", 1 if kubernetes else 0)
    child.expect_exact("Project name?")
    child.send((CLEAR_LINE + name if name is not None else "") + ENTER)


def finished(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_async_with_websocket_and_http2(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, "Sync or async?", 1)
    choose(wizard, "What must it serve?", 3)
    framework_and_server(wizard, Answers(interface=Interface.ASGI, websocket=True, http2=True), "fastapi", "hypercorn")
    choose(wizard, "Store data?", 2)  # PostgreSQL: the options start at the default
    answer_name(wizard, "wiz", kubernetes=True)
    assert finished(wizard) == 0
    project = tmp_path / "wiz"
    assert '"/ws"' in (project / "wiz" / "main.py").read_text()
    assert "hypercorn" in (project / "Dockerfile").read_text()
    assert (project / "k8s" / "deployment.yaml").is_file()
    assert "asyncpg" in (project / "pyproject.toml").read_text()
    assert (project / "k8s" / "migrate" / "job.yaml").is_file()


def test_channels_asks_about_redis(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, "Sync or async?", 1)
    choose(wizard, "What must it serve?", 1)
    framework_and_server(wizard, Answers(interface=Interface.ASGI, websocket=True, http2=False), "channels", "daphne")
    choose(wizard, "Channel layer on Redis?", 1)
    answer_name(wizard, "chat")
    assert finished(wizard) == 0
    assert "redis:" in (tmp_path / "chat" / "compose.yaml").read_text()
    assert "redis: true" in (tmp_path / "chat" / ".sgi-scaffold.yml").read_text()


def test_sync_then_websocket_moves_on_with_asgi(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, "Sync or async?", 0)
    choose(wizard, "What must it serve?", 1)
    wizard.expect_exact("so it cannot carry WebSocket: moving on with ASGI")
    framework_and_server(wizard, Answers(interface=Interface.ASGI, websocket=True, http2=False), "fastapi", "uvicorn")
    choose(wizard, "Store data?", 0)
    answer_name(wizard, None)
    assert finished(wizard) == 0
    project = tmp_path / "my-service"
    assert "uvicorn" in (project / "Dockerfile").read_text()
    assert '"/ws"' in (project / "my_service" / "main.py").read_text()


def test_sync_http_only_defaults(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, "Sync or async?", 0)
    choose(wizard, "What must it serve?", 0)
    framework_and_server(wizard, Answers(interface=Interface.WSGI, websocket=False, http2=False), "flask", "gunicorn")
    choose(wizard, "Store data?", 0)
    answer_name(wizard, "Plain Service")
    assert finished(wizard) == 0
    assert "gunicorn" in (tmp_path / "plain-service" / "Dockerfile").read_text()
    assert (tmp_path / "plain-service" / "plain_service" / "wsgi.py").is_file()


def test_a_bad_name_is_asked_again_with_the_reason(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, "Sync or async?", 0)
    choose(wizard, "What must it serve?", 0)
    framework_and_server(wizard, Answers(interface=Interface.WSGI, websocket=False, http2=False), "flask", "gunicorn")
    choose(wizard, "Store data?", 0)
    answer_name(wizard, "json")
    wizard.expect_exact("would shadow")
    wizard.send(CLEAR_LINE + "good-name" + ENTER)
    assert finished(wizard) == 0
    assert (tmp_path / "good-name" / "good_name").is_dir()


def test_ctrl_c_leaves_nothing(wizard: pexpect.spawn, tmp_path: Path) -> None:
    choose(wizard, "Sync or async?", 1)
    wizard.expect_exact("What must it serve?")
    wizard.sendintr()
    assert finished(wizard) == 130
    assert list(tmp_path.iterdir()) == []
