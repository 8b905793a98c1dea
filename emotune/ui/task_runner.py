"""Background work off the GUI thread, after Picard's ``run_task``.

``run_task(func, on_done)`` runs ``func()`` on a thread pool and calls ``on_done(result, error)`` back on
the GUI thread: exactly one of ``result``/``error`` is meaningful (``error`` is None on success).
:class:`SyncTaskRunner` has the same interface and runs everything at once on the calling thread, so
tests of widgets that start background work stay deterministic.

``post`` is the companion for progress reports: a worker calls ``runner.post(callback, *args)`` and the
callback runs on the GUI thread.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any, BaseException | None], None]


class TaskRunner(QObject):
    """Runs plain callables on a private QThreadPool; results come back on the thread that owns the runner."""

    _delivered = Signal(object, tuple)  # (callback, args): emitted from pool threads, queued to the GUI thread

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._pending = 0
        self._delivered.connect(self._deliver)

    @property
    def pending(self) -> int:
        """Tasks started whose ``on_done`` has not run yet."""
        return self._pending

    def run_task(self, func: Callable[[], Any], on_done: DoneCallback | None = None, priority: int = 0) -> None:
        self._pending += 1
        self._pool.start(QRunnable.create(lambda: self._run(func, on_done)), priority)

    def post(self, callback: Callable[..., Any], *args: Any) -> None:
        """Call ``callback(*args)`` on the runner's thread (safe to call from any thread)."""
        self._delivered.emit(callback, args)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (used at shutdown and in tests); queued callbacks still need the loop."""
        return self._pool.waitForDone(msecs)

    def _run(self, func: Callable[[], Any], on_done: DoneCallback | None) -> None:
        try:
            result, error = func(), None
        except Exception as caught:  # handed to on_done, which decides what the user sees
            log.debug("background task failed", exc_info=True)
            result, error = None, caught
        self._delivered.emit(self._finish, (on_done, result, error))

    def _finish(self, on_done: DoneCallback | None, result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        if on_done is not None:
            on_done(result, error)
        elif error is not None:
            log.error("background task failed: %s", error)

    def _deliver(self, callback: Callable[..., Any], args: tuple) -> None:
        callback(*args)


class SyncTaskRunner:
    """The same interface, run synchronously on the caller's thread: for tests."""

    pending = 0

    def run_task(self, func: Callable[[], Any], on_done: DoneCallback | None = None, priority: int = 0) -> None:
        try:
            result, error = func(), None
        except Exception as caught:
            result, error = None, caught
        if on_done is not None:
            on_done(result, error)
        elif error is not None:
            raise error

    def post(self, callback: Callable[..., Any], *args: Any) -> None:
        callback(*args)

    def wait_for_done(self, msecs: int = -1) -> bool:
        return True
