"""Starts and stops the perception worker on the camera or a video file and relays what it sees.

The worker (a QThread owned by the perception code) does all the work; this class chooses the frame
source, turns the worker's reports into the few signals the panels need, and notices when there is no
camera so the panel can offer a video file instead.

The source the user chose is kept: once a video file was chosen, turning face reading on again
reads that video, not the webcam, until the user asks for the webcam (``forget_video``).

It also watches the window it belongs to (its parent): while that window is minimised or hidden, or
the preview is turned off in Settings, the worker makes no preview and decodes only the frames the
mood needs.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from emotune.inference.analysis_rate import ANALYSIS_FPS
from emotune.inference.frame_source import FrameSource
from emotune.inference.pipeline import Pipeline
from emotune.settings import Settings
from emotune.ui.perception_worker import PerceptionWorker

log = logging.getLogger(__name__)

LOW_POWER_OPTION = "low_power"
ON_BATTERY_OPTION = "low_power_on_battery"
LOW_POWER_FPS = 3.0
"""Mood readings a second on battery: the smoother still sees a change within its window (2.5 s)."""
POWER_CHECK_MS = 30_000
"""How often the power source is read (a few small files): a change shows within half a minute."""


class PerceptionController(QObject):
    frame_ready = Signal(QImage)
    faces_changed = Signal(list, object)  # [(x, y, w, h)] in preview pixels, index of the followed face
    result_ready = Signal(object)  # FrameResult, for the panels that show it
    mood_event = Signal(object)  # its MoodEvent, for the DJs: they need no more of the frame
    status_changed = Signal(str)
    running_changed = Signal(bool)
    video_chosen = Signal(object)  # the video read instead of the webcam, or None: the webcam again
    # Why the source cannot be read, for the camera card's body: a sentence (no camera), or the
    # CameraError of a video file that is missing, unreadable, empty or cut short.
    camera_missing = Signal(object)

    def __init__(self, *, settings: Settings, worker: PerceptionWorker | None,
                 camera_source: Callable[[int], FrameSource] | None, video_source: Callable[[str], FrameSource],
                 pipeline: Pipeline | None, on_battery: Callable[[], bool | None],
                 parent: QObject | None = None) -> None:
        """``on_battery``: whether the computer runs on battery now (None: the OS does not say)."""
        super().__init__(parent)
        self.settings = settings
        self.on_battery = on_battery
        self._battery: bool | None = None
        self.worker = worker
        self.camera_source = camera_source
        self.video_source = video_source
        self.pipeline = pipeline
        self.running = False
        self.running_camera = False
        self.video_path: str | None = None  # the video the user chose, read instead of the webcam
        if self.worker is not None:
            self.worker.frame_ready.connect(self._frame)
            self.worker.faces_changed.connect(self._faces)
            self.worker.result_ready.connect(self._result)
            self.worker.status_changed.connect(self._status)
            self.worker.stats_changed.connect(self._stats)
            self.worker.source_failed.connect(self._source_failed)
            self.worker.source_ended.connect(self._source_ended)
            self.settings.on_change.append(self._setting_changed)
            if isinstance(parent, QWidget):
                parent.installEventFilter(self)
            self._update_preview_wanted()
            self._power_timer = QTimer(self, interval=POWER_CHECK_MS)
            self._power_timer.timeout.connect(self._check_power)
            self._power_timer.start()
            self._check_power()

    # -- no preview work nobody sees ------------------------------------------
    def preview_seen(self) -> bool:
        """Whether a preview frame could be seen now: the preview is on and the window is shown, not minimised."""
        window = self.parent()
        shown = not isinstance(window, QWidget) or (window.isVisible() and not window.isMinimized())
        return shown and bool(self.settings.get("show_preview"))

    def _update_preview_wanted(self) -> None:
        wanted = self.preview_seen()
        if self.worker is not None and wanted != self.worker.preview_wanted:
            log.debug("preview %s", "on" if wanted else "off: nobody can see it")
            self.worker.set_preview_wanted(wanted)

    def set_preview_size(self, width: int, height: int) -> None:
        """The preview shows this many device pixels: frames are made that size."""
        if self.worker is not None:
            self.worker.set_preview_size(width, height)

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.WindowStateChange, QEvent.Type.Show, QEvent.Type.Hide):
            self._update_preview_wanted()
        return False

    def _setting_changed(self, name: str) -> None:
        if name == "show_preview":
            self._update_preview_wanted()
        elif name in (LOW_POWER_OPTION, ON_BATTERY_OPTION):
            self._apply_low_power()

    def _check_power(self) -> None:
        self._battery = self.on_battery()
        self._apply_low_power()

    @property
    def low_power(self) -> bool:
        """The low-power option is on, or the computer runs on battery and the option to follow it is on."""
        return bool(self.settings.get(LOW_POWER_OPTION) or (self.settings.get(ON_BATTERY_OPTION) and self._battery))

    def _apply_low_power(self) -> None:
        """In low power the mood is read LOW_POWER_FPS times a second."""
        if self.worker is None:
            return
        fps = LOW_POWER_FPS if self.low_power else ANALYSIS_FPS
        if fps != self.worker.analysis_fps:
            log.info("mood read %g times a second%s", fps, " (on battery)" if self._battery and fps == LOW_POWER_FPS
                     and not self.settings.get(LOW_POWER_OPTION) else "")
            self.worker.set_analysis_fps(fps)

    @property
    def available(self) -> bool:
        return self.worker is not None

    def start_camera(self) -> None:
        """Turn face reading on from the source the user chose: the video picked last, else the webcam."""
        if self.video_path is not None:
            self.use_video(self.video_path)
            return
        index = self.settings.get("camera_index")
        self._start(lambda: self.camera_source(index), camera=True)

    def forget_video(self) -> None:
        """The webcam is the source again (the user asked for it): ``start_camera`` opens it."""
        if self.video_path is not None:
            self.video_path = None
            self.video_chosen.emit(None)

    def use_video(self, path: str) -> None:
        if path != self.video_path:
            self.video_path = path
            self.video_chosen.emit(path)
        self._start(lambda: self.video_source(path), camera=False)

    def _start(self, factory, camera: bool) -> None:
        if self.worker is None:
            self.camera_missing.emit("Face reading is not available in this installation.")
            return
        self.worker.stop()
        # What the last run reported before it stopped (a failure, its end) is handled now, as its own,
        # and cannot arrive later and stop the new run.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        self.worker.start_source(factory)
        self.running, self.running_camera = True, camera
        self.running_changed.emit(True)

    def stop(self) -> None:
        """Stop reading frames; the camera device is released before this returns."""
        if self.worker is not None:
            self.worker.stop()
        if self.running:
            self.running = self.running_camera = False
            self.running_changed.emit(False)

    def set_responsiveness(self, value: float) -> None:
        if self.pipeline is not None:
            self.pipeline.set_responsiveness(value)

    # Reports already queued when stop() returned still arrive afterwards: they are dropped, so nothing
    # shows a mood after the camera was turned off.
    def _frame(self, image: QImage) -> None:
        if self.running:
            self.frame_ready.emit(image)

    def _faces(self, boxes: list, followed) -> None:
        if self.running:
            self.faces_changed.emit(boxes, followed)

    def _result(self, result) -> None:
        if self.running:
            self.result_ready.emit(result)
            self.mood_event.emit(result.event)

    def _status(self, text: str) -> None:
        self.status_changed.emit(text[:1].upper() + text[1:])

    def _stats(self, stats: dict) -> None:
        if self.running:
            self.status_changed.emit(f"{stats.get('fps', 0):.0f} fps · {stats.get('ms_p50', 0):.0f} ms")

    def _source_failed(self, error) -> None:
        if not self.running:  # a run turned off already
            return
        was_camera = self.running_camera
        self.running = self.running_camera = False
        self.running_changed.emit(False)
        if was_camera:
            self.camera_missing.emit(getattr(error, "detail", str(error)))
        else:
            self.status_changed.emit(getattr(error, "short", str(error)))
            self.camera_missing.emit(error)

    def _source_ended(self, problem) -> None:
        """A video's frames ran out; one cut short or empty says so in the card (the loop goes on, faceless)."""
        if self.running and problem is not None:
            self.camera_missing.emit(problem)
