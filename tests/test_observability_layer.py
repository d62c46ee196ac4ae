"""What the observability answer puts in a project and what --no-observability leaves out, read from the files.

The behaviour itself is proved by the projects' own tests and tests/test_e2e*.py; this checks the
other side: without the layer there is no dependency, no middleware, no /metrics in GET /'s list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import projects


@pytest.mark.parametrize("observability", [True, False], ids=["on", "off"])
def test_the_answer_decides_every_trace_of_the_layer(tmp_path: Path, observability: bool) -> None:
    flag = "--observability" if observability else "--no-observability"
    project = projects.generate(tmp_path, "seen", ["--framework", "flask", "--server", "gunicorn", "--kubernetes",
                                                   "--no-lock", flag])
    package = project / "seen"
    traces = {
        "module": (package / "observability").is_dir(),
        "dependency": "prometheus-client" in (project / "pyproject.toml").read_text(),
        "listed in GET /": '"metrics": "/metrics"' in (package / "routes.py").read_text(),
        "served by the middleware": "observability:app" in (project / "gunicorn.conf.py").read_text()
        + (project / "Dockerfile").read_text(),
        "scraped through the NetworkPolicy": "prometheus" in (project / "k8s" / "networkpolicy.yaml").read_text(),
    }
    assert traces == dict.fromkeys(traces, observability)
