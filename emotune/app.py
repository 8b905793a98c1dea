"""The composition root: builds every service from settings and hands them to the window.

``build_services`` is the one place that decides which player, frame sources, pipeline, policy, DJ
and Spotify client the app runs with; tests call it with pieces of their own (a NullPlayer or a VLC
player with ``--aout=dummy``, a video file instead of the camera, a synchronous task runner).
``run_app`` is what ``emotune`` (no sub-command) runs.
"""
from __future__ import annotations

import gc
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from emotune.errors import EmotuneError, PlayerError
from emotune.library.database import LibraryDatabase, default_database_path
from emotune.library.database_recovery import open_library
from emotune.library.track_snapshot import TrackSnapshot
from emotune.paths import config_dir, data_dir
from emotune.player.base_player import BasePlayer
from emotune.power_source import on_battery
from emotune.settings import Settings, UiState

if TYPE_CHECKING:  # the pieces are imported where they are built, so that importing this module stays cheap
    from PySide6.QtWidgets import QWidget

    from emotune.inference.frame_source import FrameSource
    from emotune.library.library_scanner import ScanFolders
    from emotune.moods.mood_analysis_job import AnalyseLibrary
    from emotune.inference.pipeline import Pipeline
    from emotune.moods.mood_dj import MoodDJ
    from emotune.moods.selection_policy import SelectionPolicy
    from emotune.moods.track_queue import PlayQueue
    from emotune.spotify.service import SpotifyService
    from emotune.ui.perception_worker import PerceptionWorker
    from emotune.ui.task_runner import SyncTaskRunner, TaskRunner

log = logging.getLogger(__name__)

SILENT_NOTE = ("Until then Emotune plays silently: the library, the camera and the mood picking all still work, "
               "and tracks advance as if they were playing.")


@dataclass
class Services:
    """Everything the window needs, built once. ``close()`` releases it in the right order."""

    settings: Settings
    ui_state: UiState
    database: LibraryDatabase
    player: BasePlayer
    queue: PlayQueue
    policy: SelectionPolicy
    dj: MoodDJ
    runner: TaskRunner | SyncTaskRunner
    pipeline: Pipeline | None
    worker: PerceptionWorker | None
    camera_source: Callable[[int], FrameSource]
    video_source: Callable[[str], FrameSource]
    scan: ScanFolders
    analyse: AnalyseLibrary | None
    make_demo_library: Callable[[Path], list[Path]]
    read_cover: Callable[[Path], bytes | None]
    demo_dir: Path
    clock: Callable[[], float] = time.monotonic
    on_battery: Callable[[], bool | None] = on_battery
    spotify: SpotifyService | None = None
    spotify_page: Callable[[QWidget | None], QWidget] | None = None
    initial_video: str | None = None
    start_camera: bool = True
    notices: list[EmotuneError] = field(default_factory=list)
    """Shown once at start, in the status bar and a dialog: settings reset, no VLC, no emotion model."""
    library_tracks: TrackSnapshot = field(default_factory=TrackSnapshot)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self.player.close()
        if self.spotify is not None:
            self.spotify.close()
        if hasattr(self.runner, "wait_for_done"):
            self.runner.wait_for_done(5000)
        self.database.close()


def player_notice(player: BasePlayer) -> EmotuneError | None:
    """The one message to show when the factory fell back to the silent player (libvlc missing)."""
    reason = getattr(player, "reason", "")
    if not reason:
        return None
    return PlayerError("No sound: VLC is not installed", f"{reason}\n\n{SILENT_NOTE}")


def build_services(
    settings: Settings,
    ui_state: UiState,
    *,
    database: LibraryDatabase | None = None,
    player: BasePlayer | None = None,
    player_name: str = "vlc",
    runner: TaskRunner | SyncTaskRunner | None = None,
    camera_source: Callable[[int], FrameSource] | None = None,
    video_source: Callable[[str], FrameSource] | None = None,
    initial_video: str | None = None,
    start_camera: bool = True,
    with_perception: bool = True,
    with_spotify: bool = True,
    make_spotify: Callable[[Settings], SpotifyService] | None = None,
    make_demo_library: Callable[[Path], list[Path]] | None = None,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Services:
    """Build the app's services from settings; any keyword given replaces the piece it names
    (``rng`` seeds the DJ's and the queue's choices, for reproducible runs)."""
    from emotune.inference.frame_source import CameraSource, VideoFileSource
    from emotune.library.demo_library import generate_demo_library
    from emotune.library.library_scanner import scan_folders
    from emotune.library.tag_reader import read_cover
    from emotune.moods.mood_analysis_job import analyse_library
    from emotune.moods.mood_dj import MoodDJ
    from emotune.moods.selection_policy import SelectionPolicy
    from emotune.moods.track_queue import PlayQueue
    from emotune.ui.task_runner import TaskRunner

    notices: list[EmotuneError] = []
    for warning in (settings.warning, ui_state.warning):
        if warning:
            notices.append(EmotuneError("Settings were reset to defaults", warning))
    if database is None:  # a damaged library is moved aside and rebuilt, with one notice
        database, damaged = open_library(default_database_path())
        notices += [damaged] if damaged is not None else []
    if player is None:
        from emotune.player.crossfade_player import CrossfadePlayer
        from emotune.player.factory import create_player

        first = create_player(player_name)
        # The second deck is of the same backend as the first (a silent one if VLC was missing); two
        # VLC decks share one libvlc instance.
        player = CrossfadePlayer((first, first.twin()), clock=clock)
    player.set_output_device(settings.get("audio_output_device"))
    notice = player_notice(player)
    if notice is not None:
        notices.append(notice)
    runner = runner or TaskRunner()
    queue = PlayQueue(rng)
    policy = SelectionPolicy(mode=settings.get("policy"), manual_mood=settings.get("manual_mood"))
    library_tracks = TrackSnapshot()
    dj = MoodDJ(player, queue, policy, tracks_provider=library_tracks,
                switch_behaviour=settings.get("switch_behaviour"), rng=rng)

    camera_source = camera_source or CameraSource
    video_source = video_source or (lambda path: VideoFileSource(path, realtime=True))
    pipeline = worker = None
    if with_perception:
        from emotune.inference.pipeline import Pipeline
        from emotune.ui.perception_worker import PerceptionWorker

        try:
            pipeline = Pipeline.from_settings(settings)
        except EmotuneError as error:  # a missing or damaged model: the player still works without faces
            notices.append(error)
        else:
            worker = PerceptionWorker(pipeline)

    spotify = spotify_page = None
    if with_spotify:
        spotify, spotify_page = _build_spotify(settings, runner, make_spotify)

    return Services(
        settings=settings, ui_state=ui_state, database=database, player=player, queue=queue, policy=policy, dj=dj,
        runner=runner, pipeline=pipeline, worker=worker, camera_source=camera_source, video_source=video_source,
        scan=scan_folders, analyse=analyse_library, make_demo_library=make_demo_library or generate_demo_library,
        read_cover=read_cover, demo_dir=data_dir() / "demo-library", clock=clock, spotify=spotify,
        spotify_page=spotify_page, initial_video=initial_video, start_camera=start_camera, notices=notices,
        library_tracks=library_tracks,
    )


def _build_spotify(settings: Settings, runner: TaskRunner | SyncTaskRunner,
                   make_spotify: Callable[[Settings], SpotifyService] | None
                   ) -> tuple[SpotifyService, Callable[[QWidget | None], QWidget]]:
    """The Spotify service and a factory for its settings page (one page per place that shows it)."""
    from emotune.spotify.service import SpotifyService
    from emotune.ui.spotify_panel import SpotifyPanel

    service = (make_spotify or SpotifyService)(settings)
    return service, lambda parent: SpotifyPanel(service, settings, parent, runner=runner)


def _close_on_interrupt(window) -> None:
    """Ctrl+C in the terminal closes the window as its close button would (state saved, camera freed).

    Python runs signal handlers only between bytecodes, so a timer lets the interpreter run now and then
    while Qt's event loop waits."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: window.close())
    signal.signal(signal.SIGTERM, lambda *_: window.close())
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def run_app(args) -> int:
    """Start the window: ``args`` from ``emotune.cli`` (library, video, no_camera, verbose)."""
    import os
    import sys

    from PySide6.QtWidgets import QApplication

    from emotune.ui.desktop_integration import DesktopIntegration
    from emotune.ui.gui_thread_collector import GuiThreadCollector
    from emotune.ui.main_window import MainWindow
    from emotune.ui.theme_follower import ThemeFollower

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Emotune")
    app.setDesktopFileName("emotune")
    GuiThreadCollector(parent=app).start()  # before any thread that could collect a QObject starts
    settings = Settings(config_dir() / "settings.json")
    ui_state = UiState(config_dir() / "ui_state.json")
    ThemeFollower(app, settings, parent=app)  # lives as long as the app; applies the theme now
    for folder in getattr(args, "library", None) or []:
        folders = settings.get("library_folders")
        resolved = str(Path(folder).expanduser().resolve())
        if resolved not in folders:
            settings.set("library_folders", folders + [resolved])
    try:
        services = build_services(settings, ui_state, initial_video=getattr(args, "video", None),
                                  start_camera=not getattr(args, "no_camera", False))
    except EmotuneError as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, error.short, error.detail)
        return 1
    window = MainWindow(services)
    desktop = DesktopIntegration.start(os.environ.get("DBUS_SESSION_BUS_ADDRESS"), router=window.router,
                                       playback=window.playback, volume=window.player_bar.volume, window=window,
                                       settings=settings)
    window.show()
    _close_on_interrupt(window)
    # Everything built so far lives as long as the app: moving it out of the collector's view keeps
    # full collections (and the GUI pauses they cause) short while frames and results churn.
    gc.freeze()
    try:
        return app.exec()
    finally:
        if desktop is not None:
            desktop.close()
        services.close()
