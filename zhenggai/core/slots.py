"""A counting semaphore shared by every process of one machine: N lock files, one per slot.

Holding a slot is holding an exclusive ``flock`` on one of the files ``<name>-<i>.lock`` in a
directory (the var dir). The kernel releases the lock when its holder closes the file or dies, so a
crashed worker never keeps a slot, and nothing has to be cleaned up. ``flock`` locks belong to the
open file, so threads of one process that each open the file exclude one another as processes do:
one rule for threads, gunicorn workers and the demo server alike. Where ``fcntl`` does not exist
(Windows) the slots are per process (a threading semaphore).
"""

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class SlotsBusy(Exception):
    """Every slot stayed taken for the whole wait. ``message`` is for a person; ``retry_after``
    (seconds) for a client."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class MachineSlots:
    """``with slots.hold(): …`` runs at most ``count`` bodies at once on this machine; a caller
    waits up to ``wait`` seconds for a slot, then ``busy()`` (an exception to raise) is raised."""

    _local_semaphores: dict[tuple[str, str], threading.BoundedSemaphore] = {}

    def __init__(self, directory: Path, name: str, *, count: int, wait: float, busy, poll: float = 0.05):
        self.directory = Path(directory)
        self.name = name
        self.count = max(1, int(count))
        self.wait = max(0.0, float(wait))
        self.busy = busy
        self.poll = poll

    def _paths(self) -> list[Path]:
        return [self.directory / f"{self.name}-{i}.lock" for i in range(self.count)]

    def _try_take(self) -> int | None:
        """A locked file descriptor of a free slot, or None when all are taken."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for path in self._paths():
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # BlockingIOError: someone holds this slot
                os.close(fd)
                continue
            return fd
        return None

    @contextmanager
    def hold(self) -> Iterator[None]:
        if fcntl is None:  # pragma: no cover - Windows
            with self._hold_in_process():
                yield
            return
        deadline = time.monotonic() + self.wait
        fd = self._try_take()
        while fd is None:
            if time.monotonic() >= deadline:
                raise self.busy()
            time.sleep(self.poll)
            fd = self._try_take()
        try:
            yield
        finally:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    @contextmanager
    def _hold_in_process(self) -> Iterator[None]:  # pragma: no cover - Windows
        key = (str(self.directory), self.name)
        semaphore = self._local_semaphores.setdefault(key, threading.BoundedSemaphore(self.count))
        if not semaphore.acquire(timeout=self.wait):
            raise self.busy()
        try:
            yield
        finally:
            semaphore.release()
