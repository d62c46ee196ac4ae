"""Running ``sgi-scaffold serve`` for the tests: a real process on a free port, stopped by its PID."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import projects


@contextmanager
def initializr_process(log: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start the initializr on 127.0.0.1 and a free port (with more ``serve`` options); yield its URL and process."""
    port = projects.free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--port", str(port), *options],
            cwd=projects.REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            projects.wait_for_health(f"127.0.0.1:{port}", proc)
            yield f"http://127.0.0.1:{port}", proc
        finally:
            projects.stop(proc)


@contextmanager
def initializr(log: Path, *options: str) -> Iterator[str]:
    """The initializr's base URL, for tests that need only that."""
    with initializr_process(log, *options) as (url, _):
        yield url


def disk_tree(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file and folder under ``root``: (content or None for a folder, permission bits)."""
    return {
        path.relative_to(root).as_posix(): (None if path.is_dir() else path.read_bytes(), path.stat().st_mode & 0o777)
        for path in sorted(root.rglob("*"))
    }


def zip_tree(body: bytes, folder: str) -> dict[str, tuple[bytes | None, int]]:
    """The same view of a zip whose entries all sit under ``folder/``."""
    out: dict[str, tuple[bytes | None, int]] = {}
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for info in archive.infolist():
            assert info.filename.startswith(f"{folder}/"), info.filename
            rel = info.filename[len(folder) + 1:].rstrip("/")
            if rel:
                out[rel] = (None if info.is_dir() else archive.read(info), (info.external_attr >> 16) & 0o777)
    return out


def tgz_tree(body: bytes, folder: str) -> dict[str, tuple[bytes | None, int]]:
    out: dict[str, tuple[bytes | None, int]] = {}
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as archive:
        for member in archive.getmembers():
            assert member.name == folder or member.name.startswith(f"{folder}/"), member.name
            assert member.isdir() or member.isfile(), f"{member.name} is neither a file nor a folder"
            rel = member.name[len(folder) + 1:]
            if rel:
                data = None if member.isdir() else archive.extractfile(member).read()
                out[rel] = (data, member.mode)
    return out
