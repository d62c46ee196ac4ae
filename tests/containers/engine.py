"""A container engine for the tests: podman, configured by setup.sh, with the stand-in base images.

Also reads a generated Kubernetes Deployment into the ``podman run`` options that apply its rules
(user, read-only root, its volumes as the only writable places, capabilities, privilege
escalation, env, grace period), so that an image is tried as a cluster would run it.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from generator import context

HERE = Path(__file__).resolve().parent
#: setup.sh's engine settings (runc on cgroupfs, the ulimits the sandbox allows).
ENV = {**os.environ, "CONTAINERS_CONF": str(HERE / "containers.conf")}
#: What the generated Dockerfile and compose.yaml pull; setup.sh builds stand-ins under these names.
STAND_INS = ("docker.io/library/python:3.11-slim", "docker.io/library/nginx:1.29-alpine",
             "docker.io/library/redis:8-alpine", f"docker.io/prom/prometheus:{context.PROMETHEUS_IMAGE_TAG}",
             "docker.io/library/postgres:17-alpine")


def podman(*args: str | os.PathLike[str], timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["podman", *map(str, args)], env=ENV, capture_output=True, text=True, timeout=timeout,
                          check=False, stdin=subprocess.DEVNULL)
    if check and done.returncode != 0:
        raise AssertionError(f"podman {' '.join(map(str, args[:3]))} failed ({done.returncode}):\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def unavailable() -> str | None:
    """Why the container tests cannot run here, or None when they can."""
    if shutil.which("podman") is None:
        return "podman is not installed (.ci/run installs it as root via tests/containers/setup.sh)"
    if os.geteuid() != 0:
        return "the container tests need rootful podman (run as root)"
    try:
        if podman("info", timeout=60, check=False).returncode != 0:
            return "podman does not run here (podman info fails)"
        missing = [image for image in STAND_INS if podman("image", "exists", image, check=False).returncode]
    except subprocess.TimeoutExpired:
        return "podman does not answer"
    if missing:
        return f"stand-in base images missing ({', '.join(missing)}): run tests/containers/setup.sh as root"
    return None


@dataclass
class Built:
    tag: str
    seconds: float
    megabytes: float
    #: What the Dockerfile adds to its runtime base image: the part that does not depend on the
    #: stand-in base (the official python:X-slim images are smaller than these local builds).
    app_megabytes: float


@contextlib.contextmanager
def images_locked() -> Iterator[None]:
    """Hold while building or removing images, across test processes.

    Podman's layer store raced here when two of these overlapped: a build lost its layers
    ("layer not known") or its stage containers ("identifier is not a container") to another
    build or to ``rmi --force`` of an image that shared cached layers with it.
    """
    with open(Path(tempfile.gettempdir()) / "sgi-scaffold-podman-images.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build(project: Path, tag: str) -> Built:
    """Build the project's own Dockerfile; ``--format docker`` keeps its HEALTHCHECK.

    ``--layers=false`` commits each stage once instead of once a step: a test builds each image
    once, so the layer cache a developer's rebuilds live on would only cost it (a third of the
    CPU time of a build here). The uv cache mount still carries downloads from build to build.
    """
    with images_locked():
        started = time.monotonic()
        podman("build", "--quiet", "--layers=false", "--format", "docker", "--tag", tag, project, timeout=600)
        seconds = time.monotonic() - started
    size = int(podman("image", "inspect", "--format", "{{.Size}}", tag).stdout.strip())
    base = _size(runtime_base(project))
    return Built(tag, seconds, size / 1e6, (size - base) / 1e6)


@functools.cache
def _size(image: str) -> int:
    """An image's size in bytes (the stand-in bases do not change during a run)."""
    return int(podman("image", "inspect", "--format", "{{.Size}}", image).stdout.strip())


def runtime_base(project: Path) -> str:
    """The image the Dockerfile's last stage starts from."""
    last = [line.split()[1] for line in (project / "Dockerfile").read_text().splitlines() if line.startswith("FROM ")]
    return last[-1] if "/" in last[-1] else f"docker.io/library/{last[-1]}"


def remove_image(tag: str) -> None:
    with images_locked():
        podman("rmi", "--force", tag, check=False)


@dataclass
class Pod:
    """The parts of a Deployment's pod template that decide how its container runs."""

    user: str
    grace: int
    options: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    #: Secret-backed variables, filled with fresh values as a Secret would be.
    secrets: list[str] = field(default_factory=list)

    def run_options(self, ip: str) -> list[str]:
        values = {"status.podIP": ip}
        env = {name: value.replace("$(POD_IP)", ip) for name, value in self.env.items()}
        env.update({name: values[value[len("fieldRef:"):]] for name, value in self.env.items()
                    if value.startswith("fieldRef:")})
        env.update({name: secrets.token_urlsafe(50) for name in self.secrets})
        return [*self.options, "--user", self.user, "--ip", ip,
                *(f"--env={name}={value}" for name, value in env.items())]


def deployment_pod(project: Path) -> Pod:
    """Read k8s/deployment.yaml into ``podman run`` options."""
    doc = yaml.safe_load((project / "k8s" / "deployment.yaml").read_text())
    spec = doc["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    pod_sc, sc = spec.get("securityContext", {}), container.get("securityContext", {})
    user = f"{sc.get('runAsUser', pod_sc['runAsUser'])}:{sc.get('runAsGroup', pod_sc.get('runAsGroup', 0))}"
    options: list[str] = []
    if sc.get("readOnlyRootFilesystem"):
        # Only the Deployment's volumes are writable: no tmpfs of podman's own on /tmp, /run, /var/tmp.
        options += ["--read-only", "--read-only-tmpfs=false"]
    if sc.get("allowPrivilegeEscalation") is False:
        options += ["--security-opt", "no-new-privileges"]
    options += [f"--cap-drop={cap}" for cap in sc.get("capabilities", {}).get("drop", [])]
    volumes = {volume["name"]: volume for volume in spec.get("volumes", [])}
    for mount in container.get("volumeMounts", []):
        assert "emptyDir" in volumes[mount["name"]], "only emptyDir volumes are emulated"
        # An emptyDir is a fresh, world-writable directory (mode 1777 as for /tmp).
        options += ["--mount", f"type=tmpfs,destination={mount['mountPath']},tmpfs-mode=1777"]
    env, secret_names = {}, []
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
        elif "secretKeyRef" in item["valueFrom"]:
            secret_names.append(item["name"])
        else:
            env[item["name"]] = "fieldRef:" + item["valueFrom"]["fieldRef"]["fieldPath"]
    return Pod(user, int(spec.get("terminationGracePeriodSeconds", 30)), options, env, secret_names)


@dataclass
class Running:
    cid: str
    ip: str
    started: float


def run(tag: str, options: Sequence[str], name: str) -> Running:
    """Start the image detached; podman's own health timer needs systemd, so it is off (run by hand instead)."""
    podman("rm", "--force", "--ignore", name, check=False)
    started = time.monotonic()
    cid = podman("run", "--detach", "--name", name, "--health-interval", "disable", *options, tag).stdout.strip()
    ip = podman("inspect", "--format", "{{.NetworkSettings.IPAddress}}", cid).stdout.strip()
    return Running(cid, ip, started)


def wait_healthy(running: Running, port: int = 8000, timeout: float = 30) -> float:
    """Seconds from ``run`` to the first 200 on /health, asked as the kubelet asks (Host: the pod's IP).

    Any other answer fails at once: a probe that gets 400 or 500 never turns healthy.
    """
    deadline = time.monotonic() + timeout
    asked = 0
    while time.monotonic() < deadline:
        try:
            status = httpx.get(f"http://{running.ip}:{port}/health", timeout=2).status_code
        except httpx.TransportError:
            status = None
        if status == 200:
            return time.monotonic() - running.started
        assert status is None, f"/health answered {status}:\n{logs(running.cid)[-4000:]}"
        asked += 1
        if asked % 10 == 0:  # a podman call takes 0.3-0.6 s under load, which would blur the time to healthy
            state = podman("inspect", "--format", "{{.State.Running}}", running.cid).stdout.strip()
            assert state == "true", f"the container exited before /health answered:\n{logs(running.cid)}"
        time.sleep(0.05)
    raise AssertionError(f"/health did not answer within {timeout} s:\n{logs(running.cid)}")


def logs(cid: str) -> str:
    done = podman("logs", cid, check=False)
    return done.stdout + done.stderr


def stop(cid: str, grace: int) -> tuple[int, float]:
    """SIGTERM, then SIGKILL after the grace period, as the kubelet does; return exit code and seconds."""
    started = time.monotonic()
    podman("stop", "--time", str(grace), cid, timeout=grace + 60)
    seconds = time.monotonic() - started
    state = json.loads(podman("inspect", "--format", "{{json .State}}", cid).stdout)
    return int(state["ExitCode"]), seconds


#: Each test's row of the table (combination, build s, MB, healthy s, ...), one JSON object a line.
ROWS = Path(tempfile.gettempdir()) / "sgi-scaffold-container-rows.jsonl"


def record(row: dict) -> None:
    with ROWS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def complaints(log: str) -> list[str]:
    """Log lines that report a problem: errors, warnings, tracebacks."""
    words = ("error", "warning", "warn", "traceback", "critical", "exception", "deprecat")
    # What a server logs at level INFO it does not report as a problem (Granian: "[INFO] ASGI
    # transport error" when a WebSocket client closes first).
    informational = ("[INFO]", "INFO:", "INFO ")
    return [line for line in log.splitlines()
            if any(word in line.lower() for word in words) and not any(mark in line for mark in informational)
            and _json_level(line) not in ("DEBUG", "INFO")]


def _json_level(line: str) -> str | None:
    """The level of an observability layer's JSON log line (its logger may be named hypercorn.error)."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("level") if isinstance(record, dict) else None
