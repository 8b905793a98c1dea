"""Library folders and contents as the window sees them: add/remove folders, create the demo library,
rescan, and reload the table from the database, all in the background."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from emotune.errors import EmotuneError
from emotune.library.database import LibraryDatabase
from emotune.library.track import Track
from emotune.library.track_snapshot import TrackSnapshot
from emotune.settings import Settings
from emotune.ui.library_model import LibraryTableModel
from emotune.ui.scan_controller import ScanController, as_emotune_error
from emotune.ui.task_runner import SyncTaskRunner, TaskRunner

log = logging.getLogger(__name__)


class LibraryController(QObject):
    tracks_changed = Signal(list)  # list[Track]: after every reload and mood edit
    folders_changed = Signal(list)
    failed = Signal(object)  # EmotuneError
    demo_started = Signal()
    track_updated = Signal(object)  # Track whose mood the user changed

    def __init__(self, *, settings: Settings, database: LibraryDatabase, runner: TaskRunner | SyncTaskRunner,
                 scans: ScanController, model: LibraryTableModel, make_demo_library: Callable[[Path], list[Path]],
                 demo_dir: Path, track_source: TrackSnapshot, parent: QObject | None = None) -> None:
        """``track_source``: what the DJ chooses from; every load and change of tracks lands there."""
        super().__init__(parent)
        self.settings = settings
        self.database = database
        self.runner = runner
        self.scans = scans
        self.model = model
        self._make_demo_library = make_demo_library
        self.demo_dir = demo_dir
        self._tracks: list[Track] = []
        self._reloading = False
        self._reload_again = False
        self.tracks_changed.connect(track_source.set)
        scans.library_changed.connect(self.reload)
        scans.tracks_estimated.connect(self.refresh_tracks)
        model.user_mood_edited.connect(self.set_user_mood)

    @property
    def folders(self) -> list[str]:
        return self.settings.get("library_folders")

    def tracks(self) -> list[Track]:
        """The library as last loaded (a snapshot; safe to hand to other threads)."""
        return list(self._tracks)

    def reload(self) -> None:
        """Read the tracks off the GUI thread and show them; calls during a reload coalesce into one more."""
        if self._reloading:
            self._reload_again = True
            return
        self._reloading = True
        self.runner.run_task(self.database.tracks, self._loaded)

    def _loaded(self, tracks: list[Track] | None, error: BaseException | None) -> None:
        self._reloading = False
        if error is not None:
            self.failed.emit(as_emotune_error(error, "Could not read the library"))
            self.tracks_changed.emit(self.tracks())  # the window leaves "Reading your music…" all the same
        else:
            self._tracks = tracks
            self.model.set_tracks(tracks)
            self.tracks_changed.emit(tracks)
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def refresh_tracks(self, track_ids: list[int]) -> None:
        """Show the stored state of a few tracks (new estimates while an analysis runs) without a reload."""
        if track_ids:
            self.runner.run_task(lambda: self.database.tracks_with_ids(track_ids), self._refreshed)

    def _refreshed(self, tracks: list[Track] | None, error: BaseException | None) -> None:
        if error is not None:
            log.warning("could not refresh estimated tracks: %s", error)
            return
        by_id = {track.id: track for track in tracks or []}
        if not by_id:
            return
        self._tracks = [by_id.get(track.id, track) for track in self._tracks]
        for track in by_id.values():
            self.model.update_track(track)
        self.tracks_changed.emit(self.tracks())  # the DJ's snapshot sees the new estimates at once

    def set_user_mood(self, track_id: int, mood: str | None) -> None:
        """Pin a track's mood (None: back to its estimate) and show the stored result."""
        def work() -> Track | None:
            self.database.set_user_mood(track_id, mood)
            return self.database.track(track_id)

        self.runner.run_task(work, self._mood_stored)

    def _mood_stored(self, track: Track | None, error: BaseException | None) -> None:
        if error is not None:
            self.failed.emit(as_emotune_error(error, "Could not change the mood"))
        elif track is not None:
            self._tracks = [track if t.id == track.id else t for t in self._tracks]
            self.model.update_track(track)
            self.track_updated.emit(track)
            self.tracks_changed.emit(self.tracks())

    def rescan(self) -> None:
        if self.folders:
            self.scans.start_scan(self.folders)

    def add_folder(self, folder: str) -> None:
        folder = str(Path(folder).expanduser().resolve())
        folders = self.folders
        if folder not in folders:
            folders.append(folder)
            self._save_folders(folders)
        self.scans.start_scan(self.folders)

    def set_folders(self, folders: list[str], before: list[str] | None = None) -> None:
        """Apply an edited folder list: forget the tracks of folders no longer in it, scan the rest."""
        removed = [folder for folder in (self.folders if before is None else before) if folder not in folders]
        self._save_folders(list(folders))
        for folder in removed:
            self.scans.forget_folder(folder, list(folders))
        if folders:
            self.scans.start_scan(list(folders))

    def _save_folders(self, folders: list[str]) -> None:
        self.settings.set("library_folders", folders)
        self.settings.set("first_run_done", True)
        self.folders_changed.emit(folders)

    def create_demo_library(self) -> None:
        """Generate the demo tracks in the data folder, then add and scan it like any other folder."""
        self.demo_started.emit()
        self.runner.run_task(lambda: self._make_demo_library(self.demo_dir), self._demo_done)

    def _demo_done(self, _paths, error: BaseException | None) -> None:
        if error is not None:
            log.error("demo library failed: %s", error)
            self.failed.emit(error if isinstance(error, EmotuneError) else
                             EmotuneError("Could not create the demo library", f"{self.demo_dir}: {error}"))
            return
        self.add_folder(str(self.demo_dir))
