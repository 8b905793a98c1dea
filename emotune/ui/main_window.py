"""The main window: lays out the panels, wires the controllers to them, and keeps its layout.

Every service comes in through the constructor (see ``emotune.app``); the window builds only widgets
and the small Qt controllers that move work off the GUI thread.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QFileDialog, QFrame, QLabel, QMainWindow, QMessageBox, QScrollArea,
                               QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from emotune.errors import EmotuneError
from emotune.moods.resume_point import ResumePoint
from emotune.paths import music_dir
from emotune.ui.camera_panel import CameraPanel
from emotune.ui.emotion_panel import EmotionPanel, card_title
from emotune.ui.face_calibration_controller import FaceCalibrationController
from emotune.ui.header_bar import HeaderBar
from emotune.ui.library_controller import LibraryController
from emotune.ui.library_model import LibraryTableModel
from emotune.ui.library_view import LibraryView
from emotune.ui.mood_timeline import MoodHistory, MoodTimeline
from emotune.ui.perception_controller import PerceptionController
from emotune.ui.playback_controller import PlaybackController
from emotune.ui.player_bar import PlayerBar
from emotune.ui.queue_panel import QueuePanel
from emotune.ui.scan_controller import ScanController
from emotune.ui.scan_status import ScanStatus
from emotune.ui.settings_dialog import SettingsDialog
from emotune.ui.source_router import SourceRouter
from emotune.ui.spotify_playback import SpotifyMoodPlayback
from emotune.ui.theme import icon

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = services.settings
        self.ui_state = services.ui_state
        self.setWindowTitle("Emotune")
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(800, 600))

        self.history = MoodHistory(clock=services.clock)
        self._resume = ResumePoint.from_json(self.ui_state.values.get("resume"))  # cued once the library is read
        self.model = LibraryTableModel(self)
        self.scans = ScanController(services.database, services.runner, services.scan, services.analyse, self)
        self.library = LibraryController(settings=self.settings, database=services.database, runner=services.runner,
                                         scans=self.scans, model=self.model,
                                         make_demo_library=services.make_demo_library, demo_dir=services.demo_dir,
                                         track_source=services.library_tracks, parent=self)
        self.playback = PlaybackController(player=services.player, queue=services.queue, policy=services.policy,
                                           dj=services.dj, runner=services.runner, read_cover=services.read_cover,
                                           settings=services.settings, history=self.history, parent=self)
        self.perception = PerceptionController(settings=services.settings, worker=services.worker,
                                               camera_source=services.camera_source,
                                               video_source=services.video_source, pipeline=services.pipeline,
                                               on_battery=services.on_battery, parent=self)
        self.calibration = FaceCalibrationController(self.perception, self.settings, self)
        self.spotify_playback = (SpotifyMoodPlayback(service=services.spotify, policy=services.policy,
                                                     runner=services.runner,
                                                     switch_behaviour=services.settings.get("switch_behaviour"),
                                                     parent=self)
                                 if services.spotify is not None else None)

        self._build_widgets()
        self.router = SourceRouter(self.playback, self.spotify_playback, self.player_bar, self.source_switch,
                                   self.settings, self)
        self._connect()
        self._install_shortcuts()
        self._restore_layout()
        self._settings_saver = QTimer(self, singleShot=True, interval=400)  # saved soon after a change, debounced
        self._settings_saver.timeout.connect(self._save_settings)
        self.settings.on_change.append(self._settings_changed)
        self.notice_boxes: list[QMessageBox] = []
        for notice in services.notices:
            self.show_error(notice, dialog=True)
        self.started = False
        QTimer.singleShot(0, self._start)

    # -- layout ------------------------------------------------------------
    def _build_widgets(self) -> None:
        s = self.settings
        self.header = HeaderBar(s.get("source"), s.get("policy"), s.get("manual_mood"),
                                self.spotify_playback is not None)
        self.source_switch = self.header.source_switch
        self.policy_selector = self.header.policy_selector
        self.add_folder_button = self.header.add_folder_button
        self.settings_button = self.header.settings_button

        self.camera_panel = CameraPanel(s.get("show_preview"))
        self.emotion_panel = EmotionPanel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(12)
        left_layout.addWidget(self.camera_panel, 0)
        left_layout.addWidget(self.emotion_panel, 1)
        left_scroll = QScrollArea()  # below ~730 px of height the cards scroll instead of overlapping
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setWidget(left)
        # Nothing of its own to paint: the 15 preview frames a second then repaint only the preview.
        left_scroll.viewport().setAutoFillBackground(False)
        left.setAutoFillBackground(False)
        left_scroll.setMinimumWidth(left.minimumSizeHint().width())

        self.library_view = LibraryView(self.model)
        self.library_view.set_browsing(s.get("show_browser"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.library_view)
        self.spotify_page = self.services.spotify_page(None) if self.services.spotify_page else self._no_spotify()
        spotify_scroll = QScrollArea()  # a small window scrolls the page instead of crushing its controls
        spotify_scroll.setWidgetResizable(True)
        spotify_scroll.setFrameShape(QFrame.Shape.NoFrame)
        spotify_scroll.setWidget(self.spotify_page)
        self.pages.addWidget(spotify_scroll)

        self.timeline = MoodTimeline(self.history)
        timeline_card = QFrame()
        timeline_card.setObjectName("Card")
        timeline_layout = QVBoxLayout(timeline_card)
        timeline_layout.setContentsMargins(14, 10, 14, 8)
        timeline_layout.setSpacing(6)
        timeline_layout.addWidget(card_title("Mood timeline"))
        timeline_layout.addWidget(self.timeline)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(12)
        self.queue_panel = QueuePanel()
        self.queue_panel.hide()  # the player bar's Queue button shows it
        self.content_splitter = QSplitter(Qt.Orientation.Horizontal)  # the library, and the queue beside it
        self.content_splitter.setChildrenCollapsible(False)
        self.content_splitter.setHandleWidth(12)
        self.content_splitter.addWidget(self.pages)
        self.content_splitter.addWidget(self.queue_panel)
        self.content_splitter.setStretchFactor(0, 1)
        self.content_splitter.setStretchFactor(1, 0)
        self.content_splitter.setSizes([640, 280])
        right_layout.addWidget(self.content_splitter, 1)
        right_layout.addWidget(timeline_card)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(12)
        self.splitter.addWidget(left_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 900])

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(16, 12, 16, 12)
        body_layout.setSpacing(12)
        body_layout.addWidget(self.header)
        body_layout.addWidget(self.splitter, 1)
        self.player_bar = PlayerBar(s.get("volume"), s.get("shuffle"))
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(body, 1)
        central_layout.addWidget(self.player_bar)
        self.setCentralWidget(central)
        self.scan_status = ScanStatus(self.scans)
        self.statusBar().addPermanentWidget(self.scan_status)
        self.statusBar().setSizeGripEnabled(False)
        self._show_page(self.source_switch.value())

    @staticmethod
    def _no_spotify() -> QWidget:
        label = QLabel("Spotify support is not part of this installation.")
        label.setObjectName("Dim")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    # -- wiring ------------------------------------------------------------
    def _connect(self) -> None:
        bar, playback, empty = self.player_bar, self.playback, self.library_view.empty_state
        bar.transport.shuffle_toggled.connect(self._shuffle_toggled)
        bar.volume.volume_changed.connect(self._volume_changed)
        router = self.router
        router.track_started.connect(self._track_started)
        router.reason_changed.connect(self._reason_changed)
        router.failed.connect(self.show_error)
        router.source_changed.connect(self._show_page)
        playback.up_next_changed.connect(self.emotion_panel.show_up_next)
        playback.queue_changed.connect(self._queue_changed)
        queue = self.queue_panel
        queue.remove_requested.connect(playback.remove_from_queue)
        queue.clear_requested.connect(playback.clear_queue)
        queue.model.move_requested.connect(playback.move_in_queue)
        bar.queue_toggle.toggled.connect(self.queue_panel.setVisible)
        self.library_view.play_next_requested.connect(self._play_next)
        self.library_view.queue_requested.connect(self._add_to_queue)
        playback.output_failed.connect(lambda error: self.show_error(error, dialog=True))
        playback.unplayable.connect(lambda track, error: track.id is not None and
                                    self.model.mark_unplayable(track.id, error.detail or error.short))
        self.library_view.track_activated.connect(router.play_track)
        self.library_view.browsing_toggled.connect(lambda on: self.settings.set("show_browser", on))
        self.library.tracks_changed.connect(self._tracks_changed)
        self.library.track_updated.connect(playback.track_updated)
        self.library.failed.connect(self.show_error)
        self.library.demo_started.connect(self._demo_started)
        self.scans.scan_started.connect(self._scan_started)
        self.scans.scan_failed.connect(self.show_error)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.settings_button.clicked.connect(self.open_settings)
        empty.add_folder_clicked.connect(self.choose_folder)
        empty.demo_library_clicked.connect(self.library.create_demo_library)
        empty.music_folder_clicked.connect(self.library.add_folder)
        self.policy_selector.policy_chosen.connect(self._policy_chosen)
        self.policy_selector.manual_mood_chosen.connect(self._manual_mood_chosen)
        cam, perception = self.camera_panel, self.perception
        cam.camera_toggled.connect(self._camera_toggled)
        cam.video_file_chosen.connect(perception.use_video)
        cam.webcam_chosen.connect(self._webcam_chosen)
        perception.video_chosen.connect(cam.set_video_chosen)
        cam.calibrate_requested.connect(self.calibration.start)
        self.calibration.started.connect(lambda: cam.status.setText("Relax your face… (8 s)"))
        self.calibration.started.connect(lambda: cam.calibrate_button.setEnabled(False))
        self.calibration.finished.connect(lambda text: self.statusBar().showMessage(text, 20000))
        self.calibration.failed.connect(self.show_error)
        for ended in (self.calibration.finished, self.calibration.failed):
            ended.connect(lambda _: cam.calibrate_button.setEnabled(True))
        perception.frame_ready.connect(cam.show_frame)
        perception.faces_changed.connect(cam.preview.set_faces)
        cam.preview.size_changed.connect(perception.set_preview_size)
        perception.result_ready.connect(self._result_ready)
        perception.mood_event.connect(self.router.on_mood)
        perception.status_changed.connect(cam.show_status)
        perception.running_changed.connect(self._perception_running)
        perception.camera_missing.connect(cam.show_no_camera)

    def _install_shortcuts(self) -> None:
        bindings = (
            (Qt.Key.Key_Space, self.router.play_pause),
            (QKeySequence("Ctrl+Right"), self.router.next_track),
            (QKeySequence("Ctrl+Left"), self.router.previous_track),
            (QKeySequence.StandardKey.Find, self.library_view.focus_search),
            (QKeySequence("Ctrl+K"), self.toggle_camera),
            (QKeySequence("Ctrl+O"), self.choose_folder),
            (QKeySequence("Ctrl+,"), self.open_settings),
        )
        self.shortcuts = []
        for keys, slot in bindings:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # -- start-up ------------------------------------------------------------
    def _start(self) -> None:
        self.library.reload()
        self._update_empty_state()
        if self.library.folders:
            self.library.rescan()
        if self.services.initial_video:
            self.perception.use_video(self.services.initial_video)
        elif self.settings.get("camera_enabled") and self.services.start_camera:
            self.perception.start_camera()
        self.router.restore()
        self.started = True

    def _update_empty_state(self) -> None:
        empty = self.library_view.empty_state
        folders = self.library.folders
        if self.scans.busy:
            empty.show_scanning()
        elif not folders:
            offered = music_dir() if not self.settings.get("first_run_done") else None
            empty.show_no_library(offered if offered is not None and offered.is_dir() else None)
        else:
            empty.show_nothing_found(folders)

    # -- reactions -----------------------------------------------------------
    def _tracks_changed(self, tracks: list) -> None:
        self._update_empty_state()
        if self._resume is not None and tracks:  # the first library read: come back where the user left
            point, self._resume = self._resume, None
            if self.playback.current is None and self.playback.cue(point, tracks) \
                    and self.settings.get("resume_playing"):
                self.playback.toggle_play_pause()

    def _queue_changed(self, entries: list) -> None:
        self.queue_panel.show_entries(entries)
        self.player_bar.queue_toggle.set_count(self.queue_panel.model.queued_count)

    def _play_next(self, tracks: list) -> None:
        self.playback.play_next(tracks)
        self.statusBar().showMessage(f"“{tracks[0].display_title}” plays next" if len(tracks) == 1
                                     else f"{len(tracks)} tracks play next", 5000)

    def _add_to_queue(self, tracks: list) -> None:
        self.playback.add_to_queue(tracks)
        self.statusBar().showMessage(f"Added “{tracks[0].display_title}” to the queue" if len(tracks) == 1
                                     else f"Added {len(tracks)} tracks to the queue", 5000)

    def _scan_started(self) -> None:
        self._update_empty_state()

    def _demo_started(self) -> None:
        self.scan_status.show_busy("Creating the demo library (15 short pieces)…")
        self.library_view.empty_state.show_scanning()

    def _track_started(self, track) -> None:
        self._save_resume_point()  # a crash loses at most the position within this track
        self.model.set_current_track(track.id if track else None)
        if track is not None:
            self.library_view.select_track(track)
            self.timeline.mark_changed()

    def _reason_changed(self, reason: str) -> None:
        chosen = self.settings.get("manual_mood")
        if reason == f"Manual → {chosen}":  # a track the user picked, or another mood, says so instead
            self.emotion_panel.show_manual(chosen)
        elif reason.startswith("Manual →"):
            self.emotion_panel.show_reason(f"Manual: the library has no {chosen} tracks, so the nearest: "
                                           f"{reason.split('→')[-1].strip()}")
        else:
            self.emotion_panel.show_reason(reason)

    def _result_ready(self, result) -> None:
        self.emotion_panel.show_result(result)
        if self.history.add_seen(result.mood):
            self.timeline.mark_changed()

    def _perception_running(self, running: bool) -> None:
        self.camera_panel.set_camera_on(running)
        if not running:
            self.emotion_panel.show_camera_off()
            self.history.add_seen(None)

    def toggle_camera(self) -> None:
        self.camera_panel.toggle.toggle()

    def _webcam_chosen(self) -> None:
        self.perception.forget_video()
        self._camera_toggled(True)

    def _camera_toggled(self, on: bool) -> None:
        self.settings.set("camera_enabled", on)
        if on:
            self.perception.start_camera()
        else:
            self.perception.stop()

    def _shuffle_toggled(self, on: bool) -> None:
        self.settings.set("shuffle", on)
        self.playback.set_shuffle(on)

    def _volume_changed(self, volume: int) -> None:
        self.settings.set("volume", volume)
        self.playback.set_volume(volume)

    def _show_page(self, source: str) -> None:
        self.pages.setCurrentIndex(1 if source == "spotify" else 0)

    def _policy_chosen(self, policy: str) -> None:
        self.settings.set("policy", policy)
        self.router.apply_policy()

    def _manual_mood_chosen(self, mood: str) -> None:
        self.settings.set("manual_mood", mood)
        self.router.apply_policy()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a music folder", str(music_dir()))
        if folder:
            self.library.add_folder(folder)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self.services.spotify_page, self,
                                output_devices=self.playback.player.output_devices)
        dialog.accepted.connect(lambda: self._settings_accepted(dialog))
        dialog.open()
        return dialog

    def _settings_accepted(self, dialog: SettingsDialog) -> None:
        folders_before = self.settings.get("library_folders")
        self.apply_settings(dialog.apply(), folders_before)

    def apply_settings(self, changed: set[str], folders_before: list[str]) -> None:
        """React to the options the settings dialog changed (already written into Settings)."""
        s = self.settings
        if "library_folders" in changed:
            self.library.set_folders(s.get("library_folders"), folders_before)
        if "show_preview" in changed:
            self.camera_panel.set_show_preview(s.get("show_preview"))
        if {"policy", "manual_mood"} & changed:
            self.policy_selector.set_policy(s.get("policy"))
            self.policy_selector.set_manual_mood(s.get("manual_mood"))
            self.router.apply_policy()
        if "audio_output_device" in changed:
            self.playback.set_output_device(s.get("audio_output_device"))
        if "switch_behaviour" in changed:
            self.playback.set_switch_behaviour(s.get("switch_behaviour"))
            if self.spotify_playback is not None:
                self.spotify_playback.set_switch_behaviour(s.get("switch_behaviour"))
        if "responsiveness" in changed:
            self.perception.set_responsiveness(s.get("responsiveness"))
        if "face_calibration" in changed and not s.get("face_calibration"):
            self.calibration.reset()
        if "camera_index" in changed and self.perception.running:  # the device picked is the source now
            self._webcam_chosen()
        elif "camera_index" in changed:
            self.perception.forget_video()
        if "camera_enabled" in changed:
            self._camera_toggled(s.get("camera_enabled"))
        self.save_state()

    def show_error(self, error: EmotuneError, dialog: bool = False) -> None:
        """The short text in the status bar (the detail as its tooltip); with ``dialog`` also a message box."""
        self.statusBar().showMessage(error.short, 20000)
        self.statusBar().setToolTip(error.detail)
        log.warning("%s: %s", error.short, error.detail)
        if dialog:
            box = QMessageBox(QMessageBox.Icon.Warning, error.short, error.short, QMessageBox.StandardButton.Ok, self)
            box.setInformativeText(error.detail)
            box.open()  # window-modal, not blocking the event loop
            self.notice_boxes.append(box)

    # -- persistence -----------------------------------------------------------
    def _restore_layout(self) -> None:
        values = self.ui_state.values
        geometry = values.get("window_geometry")
        if isinstance(geometry, str):
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            self.resize(1280, 820)
        sizes = values.get("splitter_sizes")
        if isinstance(sizes, list) and len(sizes) == 2 and all(isinstance(v, int) and v > 0 for v in sizes):
            self.splitter.setSizes(sizes)
        queue_sizes = values.get("queue_splitter_sizes")
        if isinstance(queue_sizes, list) and len(queue_sizes) == 2 and all(isinstance(v, int) and v > 0
                                                                           for v in queue_sizes):
            self.content_splitter.setSizes(queue_sizes)
        self.player_bar.queue_toggle.setChecked(values.get("queue_shown") is True)
        self.library_view.columns.restore(values.get("library_header"), values.get("library_columns_fitted"))

    def _settings_changed(self, _name: str) -> None:
        self._settings_saver.start()

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as error:
            log.error("could not save %s: %s", self.settings.path, error)

    def _note_resume_point(self) -> None:
        point = self.playback.resume_point()
        self.ui_state.values["resume"] = point.to_json() if point is not None else None

    def _save_resume_point(self) -> None:
        self._note_resume_point()
        try:
            self.ui_state.save()
        except OSError as error:
            log.error("could not save %s: %s", self.ui_state.path, error)

    def save_state(self) -> None:
        self._note_resume_point()
        self.ui_state.values["window_geometry"] = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.ui_state.values["splitter_sizes"] = self.splitter.sizes()
        self.ui_state.values["queue_shown"] = self.player_bar.queue_toggle.isChecked()
        if self.queue_panel.isVisible():  # a hidden panel's size reads 0
            self.ui_state.values["queue_splitter_sizes"] = self.content_splitter.sizes()
        header, fitted = self.library_view.columns.state()
        self.ui_state.values["library_header"] = header
        self.ui_state.values["library_columns_fitted"] = fitted
        for store in (self.settings, self.ui_state):
            try:
                store.save()
            except OSError as error:
                log.error("could not save %s: %s", store.path, error)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings_saver.stop()
        if self._settings_changed in self.settings.on_change:
            self.settings.on_change.remove(self._settings_changed)
        self.save_state()
        self.perception.stop()
        self.router.shutdown()
        self.scans.cancel()
        super().closeEvent(event)
