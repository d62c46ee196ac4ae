"""The generated Kubernetes manifests, run by a Kubernetes-YAML runtime rather than read by the tests.

``podman kube play`` takes the Deployment as ``kubectl kustomize k8s/`` builds it and applies its
pod and container security contexts, volumes, env and ports itself. What it cannot do as a cluster
does is changed, and only that: the image is the one just built, so it is not pulled (as on a
cluster fed by ``kind load``), one replica (podman publishes each container port on the host, so a
second would collide), and the kinds it has no runtime for (Namespace, Service, HTTPRoute,
NetworkPolicy, HorizontalPodAutoscaler) are left out. One WSGI and one ASGI pair, with WebSocket.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml
from websockets.sync.client import connect

from . import projects
from .containers import engine

pytestmark = [pytest.mark.e2e, pytest.mark.containers]

REASON = engine.unavailable()
if REASON:
    pytestmark.append(pytest.mark.skip(reason=REASON))

PAIRS = [
    ("flask", "gunicorn", ["--no-websocket"]),
    ("fastapi", "uvicorn", ["--websocket"]),
]


def _playable(project: Path) -> str:
    kubectl = Path(sys.executable).parent / "kubectl"
    built = subprocess.run([kubectl, "kustomize", project / "k8s"], check=True, capture_output=True, text=True)
    deployments = [doc for doc in yaml.safe_load_all(built.stdout) if doc and doc["kind"] == "Deployment"]
    for deployment in deployments:
        deployment["spec"]["replicas"] = 1
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            container["imagePullPolicy"] = "IfNotPresent"
    return yaml.safe_dump_all(deployments)


@pytest.mark.xdist_group("kube-play")
@pytest.mark.parametrize(("framework", "server", "flags"), PAIRS, ids=[f"{f}-{s}" for f, s, _ in PAIRS])
def test_kube_play_runs_the_deployment(framework: str, server: str, flags: list[str], tmp_path: Path) -> None:
    name = f"kube-{framework}"
    project = projects.generate(tmp_path, name, ["--framework", framework, "--server", server, "--kubernetes",
                                                 *flags])
    manifest = yaml.safe_load((project / "k8s" / "deployment.yaml").read_text())
    built = engine.build(project, manifest["spec"]["template"]["spec"]["containers"][0]["image"])
    play = tmp_path / "play.yaml"
    play.write_text(_playable(project))
    pod, container = f"{name}-pod-0", f"{name}-pod-0-web"
    try:
        engine.podman("kube", "play", play, timeout=120)
        settings = json.loads(engine.podman("inspect", container).stdout)[0]
        ip = settings["NetworkSettings"]["Networks"]["podman-default-kube-network"]["IPAddress"]
        # The Deployment's rules, applied by the runtime from the YAML.
        assert settings["Config"]["User"] == "10001:10001"
        assert settings["HostConfig"]["ReadonlyRootfs"] is True
        assert "no-new-privileges" in settings["HostConfig"]["SecurityOpt"]
        assert not settings["EffectiveCaps"]
        running = engine.Running(settings["Id"], ip, 0.0)
        engine.wait_healthy(running)
        assert httpx.get(f"http://{ip}:8000/hello/World", timeout=5).json() == {"message": "Hello, World!"}
        if "--websocket" in flags:
            with connect(f"ws://{ip}:8000/ws", open_timeout=10) as ws:
                ws.send("through kube play")
                assert ws.recv(timeout=10) == "through kube play"
        grace = manifest["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        engine.podman("pod", "stop", "--time", str(grace), pod, timeout=grace + 60)
        state = json.loads(engine.podman("inspect", "--format", "{{json .State}}", container).stdout)
        log = engine.logs(settings["Id"])
        assert state["ExitCode"] == 0, f"exit code {state['ExitCode']} after SIGTERM:\n{log}"
        assert not engine.complaints(log), log
    finally:
        engine.podman("kube", "down", play, check=False)
        engine.remove_image(built.tag)
