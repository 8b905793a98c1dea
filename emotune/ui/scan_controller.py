"""Runs library scans and the mood analysis that follows them in the background, reporting by signals.

The plain functions doing the work (``scan_folders``, ``analyse_library``) are passed in by the
composition root; this class only moves them off the GUI thread, relays their progress (already
throttled by them, and throttled again here) and chains the analysis after a scan.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from emotune.errors import EmotuneError, LibraryError

if TYPE_CHECKING:
    from emotune.library.database import LibraryDatabase
    from emotune.library.library_scanner import ScanFolders
    from emotune.moods.mood_analysis_job import AnalyseLibrary
    from emotune.ui.task_runner import SyncTaskRunner, TaskRunner

log = logging.getLogger(__name__)


def as_emotune_error(error: BaseException, short: str) -> EmotuneError:
    return error if isinstance(error, EmotuneError) else LibraryError(short, f"{type(error).__name__}: {error}")


def _throttled(post: Callable[..., None], callback: Callable[..., None], interval_s: float = 0.1) -> Callable[..., None]:
    """A progress callback for a worker thread: posts to the GUI thread at most every ``interval_s``,
    and always the final report (done == total)."""
    last = [0.0]

    def report(*args: Any) -> None:
        now = time.monotonic()
        final = len(args) >= 2 and isinstance(args[0], int) and args[0] >= args[1]
        if final or now - last[0] >= interval_s:
            last[0] = now
            post(callback, *args)

    return report


def _is_under(path: str, folder: str) -> bool:
    folder = os.path.abspath(folder)
    return os.path.abspath(path) == folder or os.path.abspath(path).startswith(folder.rstrip(os.sep) + os.sep)


class ScanController(QObject):
    scan_started = Signal()
    scan_progressed = Signal(object)  # ScanProgress
    scan_finished = Signal(object)  # ScanReport
    scan_failed = Signal(object)  # EmotuneError
    analysis_started = Signal()
    analysis_progressed = Signal(int, int, str)  # done, total, path
    analysis_finished = Signal(object)  # AnalysisReport
    analysis_failed = Signal(object)  # EmotuneError
    library_changed = Signal()  # the database content changed: reload the views
    tracks_estimated = Signal(list)  # list[int]: ids of tracks given a mood estimate since the last such signal

    def __init__(self, database: LibraryDatabase, runner: TaskRunner | SyncTaskRunner, scan: ScanFolders,
                 analyse: AnalyseLibrary | None, parent: QObject | None = None,
                 estimate_refresh_s: float = 3.0) -> None:
        super().__init__(parent)
        self.estimate_refresh_s = estimate_refresh_s
        """How often estimates made during an analysis reach the views (the rows changed, not a reload)."""
        self.database = database
        self.runner = runner
        self._scan = scan
        self._analyse = analyse
        self._cancel = threading.Event()
        self.scanning = False
        self.analysing = False
        self._rescan_folders: list[str] | None = None
        self.last_report = None

    @property
    def busy(self) -> bool:
        return self.scanning or self.analysing

    def start_scan(self, folders: list[str]) -> None:
        """Scan ``folders``; while a scan or analysis runs, the newest request waits for it to end."""
        if self.busy:
            self._rescan_folders = list(folders)
            self._cancel.set()
            return
        self._cancel = threading.Event()
        cancel = self._cancel
        self.scanning = True
        self.scan_started.emit()
        progress = _throttled(self.runner.post, self.scan_progressed.emit)
        paths = [Path(folder) for folder in folders]
        self.runner.run_task(lambda: self._scan(self.database, paths, progress, cancel), self._scan_done)

    def cancel(self) -> None:
        self._rescan_folders = None
        self._cancel.set()

    def _scan_done(self, report, error: BaseException | None) -> None:
        self.scanning = False
        if error is not None:
            log.error("scan failed: %s", error)
            self.scan_failed.emit(as_emotune_error(error, "The music scan failed"))
            self.library_changed.emit()  # show what the library holds, not "Reading your music…" forever
            self._run_pending_or(lambda: None)
            return
        self.last_report = report
        self.scan_finished.emit(report)
        if report.added or report.updated or report.removed:  # a no-change rescan reloads nothing
            self.library_changed.emit()
        self._run_pending_or(self.start_analysis)

    def start_analysis(self) -> None:
        """Estimate moods of tracks that have none (or a stale one) from their audio, in the background."""
        if self._analyse is None or self.busy:
            return
        self._cancel = threading.Event()
        cancel = self._cancel
        self.analysing = True
        self.analysis_started.emit()
        progress = _throttled(self.runner.post, self.analysis_progressed.emit, 0.2)
        estimated = self._estimate_batcher()
        self.runner.run_task(lambda: self._analyse(self.database, progress, cancel, estimated=estimated),
                             self._analysis_done)

    def _estimate_batcher(self) -> Callable[[int], None]:
        """A callback for the analysis thread: collects track ids and posts them to the GUI thread as
        ``tracks_estimated`` at most every ``estimate_refresh_s`` (the rest come with the final reload)."""
        lock = threading.Lock()
        pending: list[int] = []
        last = [time.monotonic()]

        def estimated(track_id: int) -> None:
            with lock:
                pending.append(track_id)
                now = time.monotonic()
                if now - last[0] < self.estimate_refresh_s:
                    return
                last[0] = now
                ids = list(pending)
                pending.clear()
            self.runner.post(self.tracks_estimated.emit, ids)

        return estimated

    def _analysis_done(self, report, error: BaseException | None) -> None:
        self.analysing = False
        if error is not None:
            log.error("mood analysis failed: %s", error)
            self.analysis_failed.emit(as_emotune_error(error, "The mood analysis failed"))
        else:
            self.analysis_finished.emit(report)
        if error is not None or report.analysed or report.from_tags:  # an empty analysis reloads nothing
            self.library_changed.emit()
        self._run_pending_or(lambda: None)

    def _run_pending_or(self, otherwise: Callable[[], None]) -> None:
        folders, self._rescan_folders = self._rescan_folders, None
        if folders is not None:
            self.start_scan(folders)
        else:
            otherwise()

    def forget_folder(self, folder: str, remaining: list[str], on_done: Callable[[], None] | None = None) -> None:
        """Drop the tracks under a folder the user removed (unless another library folder holds them)."""
        def work() -> int:
            gone = [t.path for t in self.database.tracks()
                    if _is_under(t.path, folder) and not any(_is_under(t.path, other) for other in remaining)]
            return self.database.remove_paths(gone) if gone else 0

        def done(_removed, error) -> None:
            if error is not None:
                self.scan_failed.emit(as_emotune_error(error, "Could not remove the folder's tracks"))
            self.library_changed.emit()
            if on_done is not None:
                on_done()

        self.runner.run_task(work, done)
