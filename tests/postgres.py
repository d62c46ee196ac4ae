"""A throwaway PostgreSQL cluster for the data tests: Debian's server binaries, a temp
folder, a free port on 127.0.0.1, trust authentication; stopped by its PID.

PostgreSQL refuses to run as root, so under root (as CI runs) the server runs as the
``postgres`` system user through ``setpriv``, which execs it: the PID is the server's.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import projects


def bindir() -> Path | None:
    """The folder of initdb and postgres: on PATH, or Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def unavailable() -> str | None:
    """Why no cluster can be started here, or None."""
    if bindir() is None:
        return "PostgreSQL's server is not installed (.ci/run installs Debian's postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root with no 'postgres' user to run the server as"
        if shutil.which("setpriv") is None:
            return "running as root without setpriv to drop to the 'postgres' user"
    return None


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *command]


@dataclass(frozen=True)
class Cluster:
    port: int
    bindir: Path

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; returns its URL."""
        subprocess.run([self.bindir / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
                       check=True, capture_output=True, timeout=30)
        return self.url(name)


@contextmanager
def cluster() -> Iterator[Cluster]:
    """initdb in a temp folder, start the server, yield it; stop it by PID and remove the folder."""
    binaries = bindir()
    assert binaries is not None, unavailable()
    root = Path(tempfile.mkdtemp(prefix="sgi-pg-"))
    data = root / "data"
    try:
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(root, owner.pw_uid, owner.pw_gid)
        subprocess.run(_as_owner([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                  "-E", "UTF8", "--no-sync"]), check=True, capture_output=True, timeout=120)
        port = projects.free_port()
        server = subprocess.Popen(
            _as_owner([str(binaries / "postgres"), "-D", str(data), "-p", str(port), "-k", str(root),
                       "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]),
            stdout=subprocess.DEVNULL, stderr=(root / "server.log").open("wb"), start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 30
            while subprocess.run([binaries / "pg_isready", "-h", "127.0.0.1", "-p", str(port)],
                                 capture_output=True, check=False).returncode != 0:
                assert server.poll() is None, (root / "server.log").read_text(errors="replace")
                assert time.monotonic() < deadline, "PostgreSQL did not accept connections within 30 s"
                time.sleep(0.2)
            yield Cluster(port, binaries)
        finally:
            # SIGINT is PostgreSQL's fast shutdown: it ends the sessions still open.
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)
