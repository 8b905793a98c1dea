"""The camera loop off the GUI thread: a thin QThread around ``Pipeline`` and ``LatestFrameGrabber``.

The grabber reads the source on its own thread and keeps only the newest frame, so this loop always
works on the latest picture and never builds up lag. It decodes only the frames the preview needs
(about 15 a second). The mood is analysed at most ``analysis_fps`` times a second (10): the smoother
weighs frames by time, so a mood read 8-10 times a second is as calm and as quick as one read 30
times, for a third of the work. Results go out for every analysed frame; the preview is downscaled
and throttled, and shows the latest analysis's boxes. Frames stay in memory and in this process:
nothing is written anywhere.

A source that ends or goes silent (a video at its end, a camera unplugged) leaves no stale mood up:
the loop goes on with faceless moments every ``IDLE_TICK_S``, so the label says there is no face and
the mood holds, then relaxes to neutral by the smoother's own no-face rule; once it has, results stop.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

import cv2
import numpy as np
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from emotune.errors import EmotuneError
from emotune.inference.analysis_rate import ANALYSIS_FPS, AnalysisPacer
from emotune.inference.frame_source import CAMERA_ON, NO_CAMERA, FrameSource, LatestFrameGrabber
from emotune.inference.pipeline import Pipeline

log = logging.getLogger(__name__)

VIDEO_PLAYING = "reading faces from the video"
VIDEO_FINISHED = "video finished"

SILENT_S = 0.5
"""A live source that sends nothing for this long is treated as showing no face."""
IDLE_TICK_S = 0.2
"""Spacing of the faceless moments; the smoother counts a moment for at most this long anyway."""


class PerceptionWorker(QThread):
    frame_ready = Signal(QImage)  # downscaled preview, throttled
    faces_changed = Signal(list, object)  # boxes in the preview's pixels, index of the followed one; before frame_ready
    result_ready = Signal(object)  # FrameResult, every processed frame
    status_changed = Signal(str)
    stats_changed = Signal(dict)  # fps, ms_p50, ms_p95, dropped; about once a second
    source_failed = Signal(object)  # EmotuneError: the source could not start, or the pipeline failed
    source_ended = Signal(object)  # a file's frames ran out: None at its end, a CameraError when cut short or empty

    def __init__(self, pipeline: Pipeline, preview_fps: float = 15.0, preview_size: tuple[int, int] = (480, 360),
                 stats_interval_s: float = 1.0, analysis_fps: float = ANALYSIS_FPS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self.preview_fps = preview_fps
        self.preview_interval = 1.0 / preview_fps
        self.analysis_fps = analysis_fps
        self.preview_size = preview_size
        self.stats_interval_s = stats_interval_s
        self._factory: Callable[[], FrameSource] | None = None
        self._stopping = threading.Event()
        self._preview_wanted = True
        self._grabber: LatestFrameGrabber | None = None
        self._pacer = AnalysisPacer(analysis_fps)

    @property
    def preview_wanted(self) -> bool:
        return self._preview_wanted

    def set_preview_wanted(self, wanted: bool) -> None:
        """No preview is made while nobody can see it (window minimised or hidden, preview turned off);
        then only the frames the analysis needs are decoded. Safe to call from the GUI thread."""
        self._preview_wanted = wanted
        grabber = self._grabber
        if grabber is not None:
            grabber.max_fps = self._decode_fps()

    def set_preview_size(self, width: int, height: int) -> None:
        """Make preview frames to fit ``width`` x ``height`` pixels (the preview's own size), never larger
        than the frame. Safe to call from the GUI thread."""
        self.preview_size = (max(1, width), max(1, height))

    def set_analysis_fps(self, fps: float) -> None:
        """Read the mood at most ``fps`` times a second from now on (the low-power setting: 3).
        Safe to call from the GUI thread."""
        self.analysis_fps = fps
        self._pacer.interval = 1.0 / fps
        grabber = self._grabber
        if grabber is not None:
            grabber.max_fps = self._decode_fps()

    def _decode_fps(self) -> float:
        return max(self.preview_fps, self.analysis_fps) if self._preview_wanted else self.analysis_fps

    def start_source(self, factory: Callable[[], FrameSource]) -> None:
        """Stop whatever runs and start reading from a new source (built on the worker thread)."""
        self.stop()
        self._factory = factory
        self._stopping.clear()
        self.start()

    def stop(self) -> None:
        """Stop the loop; the camera or file is closed when this returns."""
        self._stopping.set()
        self.wait()

    def run(self) -> None:
        source = self._factory()
        grabber = LatestFrameGrabber(source, on_status=self.status_changed.emit, max_fps=self._decode_fps())
        self._grabber = grabber
        try:
            grabber.start()
        except EmotuneError as error:
            log.info("frame source failed to open: %s", error)
            self.status_changed.emit(NO_CAMERA if source.is_live else error.short)
            self.source_failed.emit(error)
            return
        self.status_changed.emit(CAMERA_ON if source.is_live else VIDEO_PLAYING)
        self.pipeline.reset()
        try:
            end_t = self._loop(grabber, source.is_live)
        except EmotuneError as error:
            log.warning("perception stopped: %s", error)
            self.status_changed.emit(error.short)
            self.source_failed.emit(error)
            return
        finally:
            grabber.stop()
            self._grabber = None
        if grabber.finished and not self._stopping.is_set() and not source.is_live:
            problem = source.problem
            if problem is not None:
                log.warning("video ended early: %s", problem)
            self.status_changed.emit(VIDEO_FINISHED if problem is None else problem.short)
            self.source_ended.emit(problem)
            end_t = 0.0 if end_t is None else end_t + 1.0 / source.fps
            ended = time.monotonic()
            self.faces_changed.emit([], None)
            self.result_ready.emit(self.pipeline.no_face(end_t))  # the label says "no face" at once
            while not self._stopping.wait(IDLE_TICK_S):
                t = end_t + time.monotonic() - ended
                if self.pipeline.relaxed(t):
                    break
                self.result_ready.emit(self.pipeline.no_face(t))

    def _loop(self, grabber: LatestFrameGrabber, live: bool) -> float | None:
        """Process the newest frames until stopped or the source is finished; returns the last frame's time.

        While a live source sends nothing for SILENT_S, faceless moments go out on its clock every
        IDLE_TICK_S until the mood has relaxed."""
        timings: deque[float] = deque(maxlen=120)
        done: deque[float] = deque(maxlen=120)
        last_number = dropped = 0
        next_preview = next_stats = time.monotonic()
        last_t: float | None = None
        pacer = self._pacer
        pacer.reset()
        faces: list = []
        followed: int | None = None
        last_frame_at = next_idle = time.monotonic()
        silent = False
        while not self._stopping.is_set():
            frame = grabber.latest(timeout=IDLE_TICK_S / 2)
            if frame is None:
                if grabber.finished:
                    return last_t
                now = time.monotonic()
                if live and last_t is not None and now - last_frame_at >= SILENT_S and now >= next_idle:
                    next_idle = now + IDLE_TICK_S
                    t = last_t + now - last_frame_at
                    if not silent:
                        silent = True
                        self.faces_changed.emit([], None)
                    if not self.pipeline.relaxed(t):
                        self.result_ready.emit(self.pipeline.no_face(t))
                continue
            silent = False
            dropped += frame.number - last_number - 1
            last_number = frame.number
            last_t, last_frame_at = frame.t, time.monotonic()
            if pacer.due(frame.t):
                result = self.pipeline.process(frame.image, frame.t)
                faces, followed = result.faces, result.followed_index
                self.result_ready.emit(result)
                timings.append(result.ms)
                done.append(time.monotonic())
            now = time.monotonic()
            if self._preview_wanted and now >= next_preview:
                next_preview = now + 0.7 * self.preview_interval  # frames come at about this rate already
                self._emit_preview(frame.image, faces, followed)
            if now >= next_stats and len(done) > 1:
                next_stats = now + self.stats_interval_s
                span = done[-1] - done[0]
                self.stats_changed.emit({
                    "fps": (len(done) - 1) / span if span > 0 else 0.0,
                    "ms_p50": float(np.percentile(timings, 50)), "ms_p95": float(np.percentile(timings, 95)),
                    "dropped": dropped})
        return last_t

    def _emit_preview(self, image: np.ndarray, faces: list[tuple[int, int, int, int]], followed: int | None) -> None:
        """Downscale to the preview's size with a bilinear filter (INTER_AREA only for whole factors: at
        0.75 it costs 4x as much) straight into 4 bytes a pixel, the layout Qt paints without
        converting (Format_RGB32 is B, G, R, 255 in memory)."""
        height, width = image.shape[:2]
        box_width, box_height = self.preview_size
        scale = min(1.0, box_width / width, box_height / height)
        if scale < 1.0:
            size = (round(width * scale), round(height * scale))
            whole = (1.0 / scale).is_integer()
            image = cv2.resize(image, size, interpolation=cv2.INTER_AREA if whole else cv2.INTER_LINEAR)
            height, width = image.shape[:2]
        image = cv2.cvtColor(image, cv2.COLOR_BGR2BGRA)
        preview = QImage(image.data, width, height, image.strides[0], QImage.Format.Format_RGB32).copy()
        self.faces_changed.emit([tuple(round(v * scale) for v in box) for box in faces], followed)
        self.frame_ready.emit(preview)
