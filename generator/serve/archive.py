"""A project tree as a zip or gzipped tar, entirely in memory.

Entries sit under the project's folder, as ``sgi-scaffold new`` writes it,
with each file's permission bits (an executable stays executable after
unzipping) and a directory entry for every folder. Paths come from the
renderer, never from the request; each is still checked to be a plain
relative path, so no archive can unpack outside its own folder.
"""

from __future__ import annotations

import gzip
import io
import posixpath
import tarfile
import time
import zipfile
from collections.abc import Mapping

#: What ``mkdir`` makes under the usual umask 022, as the CLI's folders get.
DIR_MODE = 0o755
#: Bigger than any project the templates make by far; past it something is wrong.
MAX_BYTES = 8 * 1024 * 1024

Tree = Mapping[str, tuple[bytes, int]]


class TooLarge(ValueError):
    """The archive would pass MAX_BYTES."""


def _safe(rel: str) -> str:
    if not rel or rel.startswith("/") or "\\" in rel or posixpath.normpath(rel) != rel or rel.split("/")[0] == "..":
        raise ValueError(f"refusing an archive member outside the project: {rel!r}")
    return rel


def _folders(tree: Tree) -> list[str]:
    found = {posixpath.dirname(rel) for rel in tree}
    for folder in list(found):
        while folder:
            found.add(folder)
            folder = posixpath.dirname(folder)
    return sorted(found - {""})


def _members(root: str, tree: Tree) -> list[tuple[str, bytes | None, int]]:
    """(name, data or None for a folder, mode), folders first so each exists before its files."""
    for rel in (root, *tree):
        _safe(rel)  # first: the folder walk below assumes relative paths
    if sum(len(data) for data, _ in tree.values()) > MAX_BYTES:
        raise TooLarge(f"the project is larger than {MAX_BYTES} bytes")
    entries: list[tuple[str, bytes | None, int]] = [(root, None, DIR_MODE)]
    entries += [(f"{root}/{_safe(folder)}", None, DIR_MODE) for folder in _folders(tree)]
    entries += [(f"{root}/{_safe(rel)}", data, mode & 0o777) for rel, (data, mode) in sorted(tree.items())]
    return entries


#: zlib's fastest level: a starter project is ~30 KB either way (6% larger than at level 6), and
#: compressing was a third of the CPU a fresh archive costs.
COMPRESS_LEVEL = 1


def to_zip(root: str, tree: Tree, mtime: float | None = None) -> bytes:
    stamp = time.gmtime(time.time() if mtime is None else mtime)[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for name, data, mode in _members(root, tree):
            info = zipfile.ZipInfo(name + ("/" if data is None else ""), date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.create_system = 3  # Unix: unzip reads the mode from the high bits below
            if data is None:
                info.external_attr = ((0o040000 | mode) << 16) | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
    return buffer.getvalue()


def to_tgz(root: str, tree: Tree, mtime: float | None = None) -> bytes:
    stamp = int(time.time() if mtime is None else mtime)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data, mode in _members(root, tree):
            info = tarfile.TarInfo(name)
            info.mode, info.mtime, info.uid, info.gid, info.uname, info.gname = mode, stamp, 0, 0, "", ""
            if data is None:
                info.type = tarfile.DIRTYPE
                archive.addfile(info)
            else:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), compresslevel=COMPRESS_LEVEL, mtime=stamp)
