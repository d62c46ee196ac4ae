"""Hand-written docs that state counts of the matrix: a test fails when they drift from it."""

from __future__ import annotations

import re

from generator import matrix

from .conftest import REPO

PERFORMANCE = REPO / "docs" / "performance.md"


def _measured() -> set[str]:
    """The pairs docs/performance.md has figures for: its table rows."""
    return set(re.findall(r"^\| ([a-z0-9]+\+[a-z0-9-]+) \|", PERFORMANCE.read_text(encoding="utf-8"), re.MULTILINE))


def _not_measured_yet() -> set[str]:
    """Pairs the page says it has no figures for yet, on a line 'Not measured yet: a+b, c+d.'."""
    found = re.search(r"^Not measured yet: (.+)\.$", PERFORMANCE.read_text(encoding="utf-8"), re.MULTILINE)
    return set(found.group(1).split(", ")) if found else set()


def test_performance_page_covers_every_pair_or_says_which_it_does_not() -> None:
    pairs = {c.key for c in matrix.combinations()}
    measured, pending = _measured(), _not_measured_yet()
    assert measured <= pairs, f"figures for pairs the matrix no longer has: {sorted(measured - pairs)}"
    assert not measured & pending, sorted(measured & pending)
    assert measured | pending == pairs, f"add figures, or list under 'Not measured yet:': {sorted(pairs - measured)}"


def test_counts_stated_in_prose_match_the_table_and_the_matrix() -> None:
    text = PERFORMANCE.read_text(encoding="utf-8")
    measured = _measured()
    with_quickstart = {p for p in measured if matrix.framework(p.split("+")[0]).quickstart}
    for stated in re.findall(r"of (\d+) pairs", text):
        assert int(stated) == len(measured), f"'of {stated} pairs': the table has {len(measured)}"
    for stated in re.findall(r"the (\d+) pairs that have one", text):
        assert int(stated) == len(with_quickstart), f"'{stated} pairs that have one': {len(with_quickstart)} do"
    for page in (REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))):
        prose = re.sub(r"(of|the) \d+ pairs", "", page.read_text(encoding="utf-8"))
        for stated in re.findall(r"\b(\d+) (?:pairs|combinations)\b", prose):
            assert int(stated) == len(matrix.combinations()), f"{page.name}: '{stated} pairs'"
