"""Run the real CLI with one fault injected, for the fault tests.

    python -m tests.inject FAULT -- sgi-scaffold arguments...

FAULT is one of: disk-full (the fourth file written fails with ENOSPC),
template-error (one template refers to an answer that does not exist),
replace-fails (the third file moved into place fails, for --force),
slow (each file written takes 0.3 s, and "writing" is printed first, for signals),
slowish (the same with 0.1 s, for two runs racing).
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path

from generator import render, staging
from generator.cli import main


def _after(count: int, fail: callable, real: callable) -> callable:
    calls = 0

    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == count:
            fail(*args)
        return real(*args, **kwargs)

    return wrapper


def _no_space(target: Path, *_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))


def _slowly(seconds: float) -> None:
    print("writing", flush=True)
    time.sleep(seconds)


def install(fault: str) -> None:
    real_write_file = staging.write_file
    if fault == "disk-full":
        staging.write_file = _after(4, _no_space, real_write_file)
    elif fault in ("slow", "slowish"):
        def slow(*args, **kwargs):
            _slowly(0.3 if fault == "slow" else 0.1)
            return real_write_file(*args, **kwargs)

        staging.write_file = slow
    elif fault == "template-error":
        real_compose = render.compose

        def broken(combination, context) -> render.Tree:
            template = real_compose(combination, context)
            readme = render.PROJECT_DIR + "/README.md"
            old = template[readme]
            template[readme] = render.File(old.data + b"{{ cookiecutter.no_such_answer }}\n", old.mode)
            return template

        render.compose = broken
    elif fault == "replace-fails":
        real_replace = os.replace

        def fail(src, dst):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(dst))

        staging.os.replace = _after(3, fail, real_replace)
    else:
        raise SystemExit(f"unknown fault {fault!r}")


if __name__ == "__main__":
    fault, separator, *args = sys.argv[1:]
    assert separator == "--"
    install(fault)
    raise SystemExit(main(args))
