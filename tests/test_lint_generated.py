"""Everything a generated project ships passes its own linters and schemas, for every variant.

Each variant is rendered once (with Kubernetes manifests) into one folder, then
each tool runs once over all of them: ruff on the Python, hadolint on the
Dockerfiles, the GitHub workflow, Dependabot and compose schemas bundled with
check-jsonschema, kubernetes-validate on the manifests as kustomize builds them,
zizmor (GitHub Actions security) on the workflows, checkov (infrastructure as
code) on the Dockerfiles and the kustomized manifests and compose-lint (OWASP and
CIS Docker Benchmark rules) on compose.yaml; all offline.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import context, matrix, write
from generator.answers import Answers, Defaults, settle
from generator.matrix import Database

from .conftest import REPO, variant_id, variants

BIN = Path(sys.executable).parent

#: One test process renders every variant once for the whole module (each process that ran one of
#: its tests rendered all of them: three times in CI).
pytestmark = pytest.mark.xdist_group("lint")


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
            Answers(framework=combo.framework.key, server=combo.server.key,
                    interface=combo.interface, websocket=ws, http2=h2,
                    kubernetes=True, redis=bool(combo.framework.redis) and ws, database=database, name="lint-me"),
            Defaults(),
        )
        out.append(write.generate(combo, context.build(selection), root / variant_id(variant)).path)
    return out


@pytest.fixture(scope="module")
def deployable(projects: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """One copy of each distinct Dockerfile and k8s/ tree among the variants (63 of 176 today), for the
    tools that read only those: checkov and kustomize took minutes re-reading identical files."""
    root = tmp_path_factory.mktemp("deployable")
    distinct: dict[tuple, Path] = {}
    for project in projects:
        files = [project / "Dockerfile", *sorted(f for f in (project / "k8s").rglob("*") if f.is_file())]
        distinct.setdefault(tuple((f.relative_to(project), f.read_bytes()) for f in files), project)
    out = []
    for n, project in enumerate(distinct.values()):
        copy = root / str(n) / project.name
        shutil.copytree(project / "k8s", copy / "k8s")
        shutil.copy2(project / "Dockerfile", copy / "Dockerfile")
        out.append(copy)
    return out


def run(tool: str, *args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([BIN / tool, *map(str, args)], check=False, capture_output=True, text=True, cwd=cwd,
                            env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 0, f"{tool} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_ruff_finds_nothing(projects: list[Path]) -> None:
    """One run over every variant: ruff reads each file with the settings of its own project's pyproject.toml."""
    run("ruff", "check", "--no-cache", "--quiet", projects[0].parent.parent)


def test_hadolint_finds_nothing(projects: list[Path]) -> None:
    run("hadolint", "--no-color", "--failure-threshold", "info", *(p / "Dockerfile" for p in projects))


def test_github_workflow_is_valid(projects: list[Path]) -> None:
    run("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
        *(p / ".github" / "workflows" / "ci.yml" for p in projects))


def test_dependabot_config_is_valid(projects: list[Path]) -> None:
    run("check-jsonschema", "--builtin-schema", "vendor.dependabot",
        *(p / ".github" / "dependabot.yml" for p in projects))


def test_zizmor_finds_nothing(projects: list[Path]) -> None:
    """GitHub Actions security (pinned actions, credentials, permissions, injection): zero findings even
    for the pedantic persona, in the workflow and the Dependabot config of every variant."""
    out = run("zizmor", "--offline", "--persona", "pedantic", "--no-progress", *projects)
    assert "No findings to report" in out, out


def test_actions_are_pinned_to_commits(projects: list[Path]) -> None:
    """Each ``uses:`` names a full commit SHA and says its version in a comment, as Dependabot keeps it."""
    import yaml

    workflow_path = projects[0] / ".github" / "workflows" / "ci.yml"
    lines = [line.strip() for line in workflow_path.read_text().splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line
    workflow = yaml.safe_load(workflow_path.read_text())
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
        checkout = next(step for step in job["steps"] if "actions/checkout@" in step.get("uses", ""))
        assert checkout["with"]["persist-credentials"] is False


def test_checkov_finds_nothing(deployable: list[Path]) -> None:
    """One scan of every distinct Dockerfile and kustomized manifests: no failed check, and each
    check skipped is an exception written in the manifest, with its reason."""
    projects = deployable
    report = json.loads(run("checkov", "--directory", projects[0].parent.parent, "--framework", "dockerfile",
                            "kustomize", "--output", "json", "--quiet", "--compact", "--skip-download"))
    summaries = {r["check_type"]: r["summary"] for r in (report if isinstance(report, list) else [report])}
    print(summaries)
    assert set(summaries) == {"dockerfile", "kustomize"}
    assert all(s["failed"] == 0 and s["parsing_errors"] == 0 and s["passed"] > 0 for s in summaries.values())
    assert summaries["dockerfile"]["resource_count"] == len(projects)
    exceptions = [(p, line.strip()) for p in projects
                  for line in (p / "k8s" / "deployment.yaml").read_text().splitlines()
                  if line.strip().startswith("checkov.io/skip")]
    assert all(re.fullmatch(r"checkov\.io/skip\d: CKV_\w+=.{40,}", line) for _, line in exceptions), exceptions
    # A check skipped for two reasons (Django's DJANGO_SECRET_KEY and DATABASE_URL Secrets) is skipped once.
    checks = {(p, line.split(": ", 1)[1].split("=", 1)[0]) for p, line in exceptions}
    assert summaries["dockerfile"]["skipped"] + summaries["kustomize"]["skipped"] == len(checks)


def test_compose_lint_finds_nothing(projects: list[Path]) -> None:
    """Every distinct compose.yaml with its .compose-lint.yml: no finding at any severity, and each rule
    set aside is written in .compose-lint.yml with its reason (--strict-config refuses a malformed one)."""
    if not (BIN / "compose-lint").exists():
        pytest.skip("compose-lint needs Python 3.11 or newer; the test environment's is older")
    distinct = {tuple((p / f).read_bytes() for f in ("compose.yaml", ".compose-lint.yml")): p for p in projects}
    suppressed: set[str] = set()
    for project in distinct.values():
        report = json.loads(run("compose-lint", "check", "--format", "json", "--fail-on", "low", "--strict-config",
                                "compose.yaml", cwd=project))
        assert not report["errors"] and not report["warnings"], report
        live = [f for f in report["findings"] if not f["suppressed"]]
        assert not live, [(f["service"], f["rule_id"], f["message"]) for f in live]
        assert all(len(f["suppression_reason"] or "") >= 40 for f in report["findings"]), report["findings"]
        suppressed |= {f["rule_id"] for f in report["findings"]}
    print(f"compose-lint: {len(distinct)} distinct compose files, rules set aside: {sorted(suppressed)}")
    assert suppressed <= {"CL-0019", "CL-0020", "CL-0021"}, suppressed


def kustomize(project: Path) -> list[dict]:
    import yaml

    return [doc for doc in yaml.safe_load_all(run("kubectl", "kustomize", project / "k8s")) if doc]


def test_kubernetes_manifests_are_valid(deployable: list[Path], tmp_path: Path) -> None:
    """What `kubectl apply -k k8s/` would apply, as kubectl's kustomize builds it."""
    built = []
    for n, project in enumerate(deployable):
        built.append(tmp_path / f"{n}.yaml")
        built[-1].write_text(run("kubectl", "kustomize", project / "k8s"))
    run("kubernetes-validate", "--strict", "--quiet", *built)


def test_kubernetes_namespace_is_set_in_one_place(deployable: list[Path]) -> None:
    """Only kustomization.yaml names the namespace; every object lands in it, the Deployment's
    image carries the project's version, and its Pods get no service account token."""
    for project in deployable:
        named = [m.name for m in (project / "k8s").glob("*.yaml") if "namespace:" in m.read_text()]
        assert named == ["kustomization.yaml"]
        objects = kustomize(project)
        assert {o["kind"] for o in objects} >= {"Namespace", "Deployment", "Service", "NetworkPolicy", "HTTPRoute"}
        for obj in objects:
            if obj["kind"] == "Namespace":
                assert obj["metadata"]["name"] == "lint-me"
            else:
                assert obj["metadata"]["namespace"] == "lint-me", obj["kind"]
        pod = next(o for o in objects if o["kind"] == "Deployment")["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False
        assert pod["containers"][0]["image"] == "lint-me:0.1.0"


def test_network_policy_admits_only_the_ingress_controller_and_prometheus(deployable: list[Path]) -> None:
    """In: the ingress controller, and Prometheus where the project has /metrics, on the app's port. Out: DNS,
    and Redis and PostgreSQL where the project uses them."""
    for project in deployable:
        objects = kustomize(project)
        policy = next(o for o in objects if o["kind"] == "NetworkPolicy")["spec"]
        assert policy["policyTypes"] == ["Ingress", "Egress"]
        sources = []
        for rule in policy["ingress"]:
            (source,) = rule["from"]
            assert list(source) == ["namespaceSelector"]  # a namespace: no one else
            sources.append(source["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"])
            assert rule["ports"] == [{"protocol": "TCP", "port": "http"}]
        # The Gateway's, then Prometheus's (kustomization.yaml's patch names it) where the Pods are scraped.
        scraped = "prometheus.io/scrape" in json.dumps(objects)
        assert sources == ["envoy-gateway-system", *(["monitoring"] if scraped else [])]
        redis = "REDIS_URL" in json.dumps(objects)
        database = "DATABASE_URL" in json.dumps(objects)
        ports = sorted(p["port"] for rule in policy["egress"] for p in rule["ports"])
        assert ports == sorted([53, 53, *([6379] if redis else []), *([5432] if database else [])])


def test_compose_file_is_valid(projects: list[Path]) -> None:
    run("check-jsonschema", "--builtin-schema", "vendor.compose-spec", *(p / "compose.yaml" for p in projects))


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


@pytest.mark.parametrize("framework", [fw.key for fw in matrix.FRAMEWORKS if fw.redis])
def test_redis_is_wired_for_the_broadcast(tmp_path: Path, framework: str) -> None:
    """--redis: Redis in compose, REDIS_URL for the app (which it reads), the matrix's Redis client installed."""
    import tomllib
    import yaml

    from .conftest import run_cli

    made = run_cli("new", "--no-input", "--framework", framework, "--websocket", "--redis", "--name", "chat",
                   "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    compose = yaml.safe_load((tmp_path / "chat" / "compose.yaml").read_text())
    web = compose["services"]["web"]
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "healthcheck" in compose["services"]["redis"]
    pyproject = tomllib.loads((tmp_path / "chat" / "pyproject.toml").read_text())
    assert set(matrix.framework(framework).redis) <= set(pyproject["project"]["dependencies"])
    code = "".join(path.read_text() for path in (tmp_path / "chat" / "chat").rglob("*.py"))
    assert 'os.environ.get("REDIS_URL")' in code
