"""One writing import at a time per campaign: an exclusive flock on the campaign's folder.

The lock is held from reading the current honorees.yml to replacing it, so a second import
started meanwhile waits (saying so) and then merges into the first one's result: no rows are
lost. The folder itself is locked, not a lock file: nothing is left behind, and the folder's
inode stays the same when honorees.yml is replaced. Closing the descriptor (or the process
ending, however it ends) releases the lock.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from .records import CampaignProblem

LOCK_WAIT_SECONDS = 120.0
_POLL_SECONDS = 0.1


@contextmanager
def campaign_lock(folder: Path, campaign_id: str, on_wait: Callable[[str], None] | None = None,
                  wait: float = LOCK_WAIT_SECONDS):
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _acquire(descriptor, campaign_id, on_wait, wait)
        yield
    finally:
        os.close(descriptor)


def _acquire(descriptor: int, campaign_id: str, on_wait, wait: float) -> None:
    if _try_lock(descriptor):
        return
    if on_wait is not None:
        on_wait(f"Đang có một lệnh nhập khác ghi vào phong trào '{campaign_id}'; chờ lệnh đó xong rồi nhập tiếp "
                f"(tối đa {wait:.0f} giây, Ctrl-C để thôi).")
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
        if _try_lock(descriptor):
            return
    raise CampaignProblem([f"Lệnh nhập khác vào phong trào '{campaign_id}' vẫn chưa xong sau {wait:.0f} giây; "
                           "không nhập gì. Hãy chờ lệnh kia xong (hoặc kiểm tra xem có ai đang nhập) rồi chạy lại."], 2)


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
