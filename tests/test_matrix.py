"""The rules of the matrix, and the answers they imply."""

from __future__ import annotations

import json

import pytest

from generator import answers, docs, matrix, render
from generator.answers import Answers, Defaults, settle
from generator.errors import UserError
from generator.matrix import Capability, Interface

from .conftest import REPO, run_cli


def test_every_combination_speaks_one_interface() -> None:
    for combo in matrix.combinations():
        assert combo.interface in combo.framework.interfaces & combo.server.interfaces


def test_a_pair_can_do_only_what_both_sides_can() -> None:
    for combo in matrix.combinations():
        carried = {cap for cap in Capability if combo.server.can(cap, combo.interface)}
        assert combo.capabilities == combo.framework.capabilities & carried


def test_wsgi_never_offers_websocket() -> None:
    for combo in matrix.combinations():
        if combo.interface is Interface.WSGI:
            assert Capability.WEBSOCKET not in combo.capabilities


def test_http2_is_the_servers_for_either_interface() -> None:
    """HTTP/2 is spoken between client and server: where a server serves it to one interface's
    apps, every framework of that interface gets it (the end-to-end tests prove each pair)."""
    for combo in matrix.combinations():
        assert combo.can(Capability.HTTP2) is (combo.interface in combo.server.http2)
    assert any(c.can(Capability.HTTP2) for c in matrix.combinations() if c.interface is Interface.WSGI)


def test_beta_is_never_a_default() -> None:
    """What upstream calls beta is offered and marked, but --no-input never lands on it unasked."""
    for fw in matrix.FRAMEWORKS:
        for ws in (False, True) if Capability.WEBSOCKET in fw.capabilities else (False,):
            chosen = settle(Answers(framework=fw.key, websocket=ws), Defaults()).combination
            assert not chosen.server.is_beta(chosen.interface.value, *(["websocket"] if ws else [])), (fw.key, ws)


def test_names_are_unique() -> None:
    assert len({f.key for f in matrix.FRAMEWORKS}) == len(matrix.FRAMEWORKS)
    assert len({s.key for s in matrix.SERVERS}) == len(matrix.SERVERS)


def test_every_framework_and_server_config_has_its_template() -> None:
    root = render.templates_root()
    for fw in matrix.FRAMEWORKS:
        assert (root / "frameworks" / fw.template / render.PROJECT_DIR).is_dir(), fw.key
    for srv in matrix.SERVERS:
        layers = [root / "servers" / srv.template, *(root / "shared" / name for name in srv.shared)]
        if srv.config:
            assert any((layer / render.PROJECT_DIR / srv.config).is_file() for layer in layers), srv.key
        assert srv.program and srv.command.startswith(srv.program), srv.key


def test_list_json_has_one_entry_per_fitting_pair() -> None:
    result = run_cli("list", "--json")
    assert result.returncode == 0, result.stderr
    combos = json.loads(result.stdout)["combinations"]
    expected = {
        (f.key, s.key, i.value)
        for f in matrix.FRAMEWORKS for s in matrix.SERVERS if matrix.pair_fits(f, s)
        for i in f.interfaces & s.interfaces
    }
    assert {(c["framework"], c["server"], c["interface"]) for c in combos} == expected
    assert len(combos) == len(expected)
    for c in combos:
        fw, srv = matrix.framework(c["framework"]), matrix.server(c["server"])
        interface = matrix.Interface(c["interface"])
        assert interface in fw.interfaces
        for cap in (Capability.WEBSOCKET, Capability.HTTP2):
            assert c[cap.value] is (cap in fw.capabilities and srv.can(cap, interface))


def test_list_prints_a_table() -> None:
    result = run_cli("list")
    assert result.returncode == 0
    for fw in matrix.FRAMEWORKS:
        assert fw.label in result.stdout
    for srv in matrix.SERVERS:
        assert srv.label in result.stdout


@pytest.mark.parametrize("page", sorted(docs.pages()))
def test_generated_docs_are_up_to_date(page: str) -> None:
    """docs/matrix.md and docs/frameworks/*.md are generated: regenerate with `uv run python -m generator.docs`."""
    assert (REPO / "docs" / page).read_text(encoding="utf-8") == docs.pages()[page]


def test_docs_matrix_matches_list_markdown() -> None:
    assert (REPO / "docs" / "matrix.md").read_text(encoding="utf-8") == run_cli("list", "--markdown").stdout


def defaults(**given: object) -> answers.Selection:
    return settle(Answers(**given), Defaults())


def test_defaults_are_wsgi_flask_gunicorn_my_service() -> None:
    chosen = defaults()
    assert (chosen.framework.key, chosen.server.key) == ("flask", "gunicorn")
    assert (chosen.websocket, chosen.http2) == (False, False)
    assert chosen.names.slug == "my-service" and chosen.names.package == "my_service"


def test_framework_implies_its_interface() -> None:
    chosen = defaults(framework="fastapi")
    assert chosen.combination.interface is Interface.ASGI
    assert chosen.server.key == "uvicorn"


def test_websocket_alone_picks_asgi_and_a_websocket_server() -> None:
    chosen = defaults(websocket=True)
    assert chosen.combination.interface is Interface.ASGI
    assert chosen.combination.can(Capability.WEBSOCKET) and chosen.websocket


def test_http2_alone_picks_a_server_that_can() -> None:
    chosen = defaults(http2=True)
    assert chosen.combination.can(Capability.HTTP2)
    assert chosen.server.key == "hypercorn"


def test_server_implies_interface() -> None:
    assert defaults(server="uvicorn").framework.key == "fastapi"
    # Hypercorn serves both: the default interface stands.
    assert defaults(server="hypercorn").framework.key == "flask"


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"interface": Interface.WSGI, "websocket": True}, ["WSGI", "WebSocket", "asgi"]),
        ({"interface": Interface.WSGI, "server": "waitress", "http2": True}, ["Waitress cannot serve HTTP/2"]),
        ({"framework": "flask", "server": "uvicorn"}, ["Flask is WSGI", "gunicorn"]),
        ({"server": "uvicorn", "http2": True}, ["Uvicorn cannot serve HTTP/2", "hypercorn"]),
        ({"framework": "flask", "websocket": True},
         ["Flask is WSGI and cannot hold a WebSocket", "Quart offers Flask's API on ASGI"]),
        ({"framework": "fastapi", "interface": Interface.WSGI}, ["FastAPI is ASGI", "flask"]),
        ({"server": "waitress", "interface": Interface.ASGI}, ["Waitress", "uvicorn"]),
        ({"framework": "nope"}, ["unknown framework 'nope'", "flask"]),
        ({"server": "nope"}, ["unknown server 'nope'", "gunicorn"]),
    ],
)
def test_contradictions_say_why_and_what_fits(given: dict[str, object], words: list[str]) -> None:
    with pytest.raises(UserError) as caught:
        answers.check(Answers(**given))
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_every_fitting_pair_and_capability_is_accepted() -> None:
    for combo in matrix.combinations():
        for cap in combo.capabilities - {Capability.HTTP}:
            given = Answers(framework=combo.framework.key, server=combo.server.key,
                            interface=combo.interface, **{cap.value: True})
            assert settle(given, Defaults()).combination == combo


def test_readme_matrix_block_is_up_to_date() -> None:
    """Regenerate with `uv run python -m generator.docs`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == docs.readme(readme)


def _default_cases() -> list[dict[str, object]]:
    cases: list[dict[str, object]] = [{}, {"interface": Interface.WSGI}, {"interface": Interface.ASGI}, {"redis": True}]
    for ws, h2 in ((True, False), (False, True), (True, True)):
        cases.append({"websocket": ws, "http2": h2})
    for entry in (*matrix.FRAMEWORKS, *matrix.SERVERS):
        key = "framework" if isinstance(entry, matrix.Framework) else "server"
        cases += [{key: entry.key}, {key: entry.key, "websocket": True}, {key: entry.key, "http2": True}]
    return cases


def _defaults_now(cases: list[dict[str, object]]) -> list[tuple[str, ...]]:
    picked = []
    for given in cases:
        try:
            chosen = defaults(**given)
        except UserError:
            picked.append(("refused",))
            continue
        picked.append((chosen.framework.key, chosen.server.key, str(chosen.websocket), str(chosen.http2)))
    return picked


@pytest.mark.parametrize("seed", [0, 1, 2, "reversed"])
def test_shuffling_the_tables_changes_no_default(monkeypatch: pytest.MonkeyPatch, seed: object) -> None:
    """Defaults are declared (DEFAULT_FRAMEWORK, default_server, DEFAULT_SERVERS), not read off table order."""
    import random

    cases = _default_cases()
    before = _defaults_now(cases)
    for table in ("FRAMEWORKS", "SERVERS", "EXCLUSIONS"):
        entries = list(getattr(matrix, table))
        entries.reverse() if seed == "reversed" else random.Random(seed).shuffle(entries)
        monkeypatch.setattr(matrix, table, tuple(entries))
    matrix.combinations.cache_clear()
    try:
        assert _defaults_now(cases) == before
    finally:
        monkeypatch.undo()
        matrix.combinations.cache_clear()


def test_a_default_framework_can_serve_all_its_interface_carries() -> None:
    for iface, key in matrix.DEFAULT_FRAMEWORK.items():
        fw = matrix.framework(key)
        assert iface in fw.interfaces
        assert fw.capabilities >= {cap for f in matrix.FRAMEWORKS if iface in f.interfaces for cap in f.capabilities
                                   if iface is Interface.ASGI or cap is Capability.HTTP}
    for key in (*matrix.DEFAULT_SERVERS, *(f.default_server for f in matrix.FRAMEWORKS if f.default_server)):
        matrix.server(key)


def test_prose_says_whose_settings_right() -> None:
    """The README says "the rest of X's settings" of a config file: X is one name ("Gunicorn's"),
    never a phrase such as "Gunicorn with Uvicorn workers's"."""
    import re

    for srv in matrix.SERVERS:
        if srv.config:
            assert re.fullmatch(r"[\w.-]+'s", srv.owner), srv.key
