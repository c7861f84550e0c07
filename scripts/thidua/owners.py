"""Work and scratch folders named after the process that made them (`<prefix><pid>-<random>`),
so that a later run can tell what a killed run left behind from what a live run is using."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path


def make_owned_dir(prefix: str, parent: str | Path | None) -> Path:
    """A new private folder `<prefix><this pid>-<random>` in parent (the system's temp folder if None)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def owner_pid(name: str, prefix: str) -> int | None:
    """The pid recorded in a folder's name, or None for a name without one (made by older code)."""
    pid, dash, _ = name[len(prefix):].partition("-")
    return int(pid) if dash and pid.isdigit() else None


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def clear_unowned(parent: Path, prefix: str, unnamed_age: float) -> list[Path]:
    """Remove the folders `<prefix>*` in parent that no live process owns. A folder whose name
    records no pid (older code) is removed once it is unnamed_age seconds old."""
    removed = []
    for path in parent.glob(prefix + "*"):
        pid = owner_pid(path.name, prefix)
        if pid is None:
            try:
                stale = time.time() - path.lstat().st_mtime >= unnamed_age
            except FileNotFoundError:
                continue
        else:
            stale = pid != os.getpid() and not is_alive(pid)
        if stale and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
