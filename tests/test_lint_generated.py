"""Everything a generated project ships passes its own linters and schemas, for every variant.

Each variant is rendered once (with Kubernetes manifests) into one folder, then
each tool runs once over all of them: ruff on the Python, hadolint on the
Dockerfiles, the GitHub workflow and compose schemas bundled with
check-jsonschema, and kubernetes-validate on the manifests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import context, write
from generator.answers import Answers, Defaults, settle
from generator.matrix import Database

from .conftest import REPO, variant_id, variants

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("lint")
    out = []
    for variant in variants():
        combo, ws, h2 = variant
        # The data layer (PostgreSQL: compose's db and migrate, the Kubernetes Job) where there is one,
        # on the variants without HTTP/2, so that both shapes are linted.
        database = Database.POSTGRES if combo.framework.data and not h2 else Database.NONE
        selection = settle(
            Answers(framework=combo.framework.key, server=combo.server.key, websocket=ws, http2=h2,
                    kubernetes=True, redis=bool(combo.framework.redis), database=database, name="lint-me"),
            Defaults(),
        )
        out.append(write.generate(combo, context.build(selection), root / variant_id(variant)).path)
    return out


def run(tool: str, *args: str | Path, cwd: Path | None = None) -> None:
    result = subprocess.run([BIN / tool, *map(str, args)], check=False, capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, f"{tool} failed:\n{result.stdout}\n{result.stderr}"


def test_ruff_finds_nothing(projects: list[Path]) -> None:
    for project in projects:
        run("ruff", "check", "--no-cache", "--quiet", ".", cwd=project)


def test_hadolint_finds_nothing(projects: list[Path]) -> None:
    run("hadolint", "--no-color", "--failure-threshold", "info", *(p / "Dockerfile" for p in projects))


def test_github_workflow_is_valid(projects: list[Path]) -> None:
    run("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
        *(p / ".github" / "workflows" / "ci.yml" for p in projects))


def test_compose_file_is_valid(projects: list[Path]) -> None:
    run("check-jsonschema", "--builtin-schema", "vendor.compose-spec", *(p / "compose.yaml" for p in projects))


def test_kubernetes_manifests_are_valid(projects: list[Path]) -> None:
    manifests = (m for p in projects for m in sorted((p / "k8s").rglob("*.yaml")) if m.name != "httproute.yaml")
    run("kubernetes-validate", "--strict", "--quiet", *manifests)


def test_httproute_routes_to_the_service(projects: list[Path]) -> None:
    """kubernetes-validate has no schema for Gateway API kinds: check what the route must say."""
    import yaml

    for project in projects:
        service = yaml.safe_load((project / "k8s" / "service.yaml").read_text())
        route = yaml.safe_load((project / "k8s" / "httproute.yaml").read_text())
        assert route["apiVersion"] == "gateway.networking.k8s.io/v1" and route["kind"] == "HTTPRoute"
        (rule,) = route["spec"]["rules"]
        (backend,) = rule["backendRefs"]
        assert backend == {"name": service["metadata"]["name"], "port": service["spec"]["ports"][0]["port"]}
        flags = project.parent.name.split("-")  # the variant's id
        websocket, http2 = "ws" in flags, "h2" in flags
        assert (rule.get("timeouts") == {"request": "0s"}) == websocket
        protocol = "kubernetes.io/ws" if websocket else "kubernetes.io/h2c" if http2 else None
        assert service["spec"]["ports"][0].get("appProtocol") == protocol


def test_workflow_runs_the_readme_test_command(projects: list[Path]) -> None:
    for project in projects:
        readme = (project / "README.md").read_text()
        workflow = (project / ".github" / "workflows" / "ci.yml").read_text()
        assert "```sh\nuv run pytest\n```" in readme
        assert "run: uv run pytest" in workflow


def test_no_kubernetes_unless_asked(tmp_path: Path) -> None:
    selection = settle(Answers(name="plain"), Defaults())
    project = write.generate(selection.combination, context.build(selection), tmp_path).path
    assert not (project / "k8s").exists()
    assert "Kubernetes" not in (project / "README.md").read_text()
    assert REPO.is_dir()


def test_redis_is_wired_as_the_channel_layer(tmp_path: Path) -> None:
    """--redis: Redis in compose, REDIS_URL for the app (which its settings read), channels-redis installed."""
    import tomllib
    import yaml

    from .conftest import run_cli

    made = run_cli("new", "--no-input", "--framework", "channels", "--websocket", "--redis", "--name", "chat",
                   "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    compose = yaml.safe_load((tmp_path / "chat" / "compose.yaml").read_text())
    web = compose["services"]["web"]
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "healthcheck" in compose["services"]["redis"]
    pyproject = tomllib.loads((tmp_path / "chat" / "pyproject.toml").read_text())
    assert any(dep.startswith("channels-redis") for dep in pyproject["project"]["dependencies"])
    assert 'os.environ.get("REDIS_URL")' in (tmp_path / "chat" / "chat" / "settings.py").read_text()

