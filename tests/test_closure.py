"""Keep the list of names a project must not take honest: resolve every variant's
dependencies (dev group included) and fail when a name in a closure would be accepted."""

from __future__ import annotations

import pytest

from generator.names import DEPENDENCY_NAMES, InvalidName, project_names

from .closure import closure_names


def _accepted(name: str) -> bool:
    """Whether a project could end up with ``name`` as its distribution or import name."""
    try:
        made = project_names(name)
    except InvalidName:
        return False
    return name in (made.package, made.slug.replace("-", "_"))


def test_no_name_in_a_dependency_closure_is_accepted() -> None:
    try:
        closure = closure_names()
    except RuntimeError as err:
        pytest.skip(f"cannot resolve the variants' dependencies here: {err}")
    accepted = [name for name in closure if _accepted(name)]
    assert not accepted, f"accepted as project names: {accepted}; run python -m tests.closure ({DEPENDENCY_NAMES.name})"
