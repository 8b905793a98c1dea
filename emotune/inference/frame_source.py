"""Where frames come from: a webcam or a video file behind one interface, and a grabber that keeps
only the newest frame.

A camera produces frames whether or not anyone keeps up; the pipeline must always work on the latest
one, never on a queue of stale ones. ``LatestFrameGrabber`` reads a source on its own thread and keeps
a single slot, so a slow frame costs the frames behind it instead of adding lag. ``VideoFileSource`` with
``realtime=True`` is paced by the wall clock like a camera (``emotune --video``); with ``realtime=False``
it runs as fast as it is read (``emotune analyze``, the benchmark).
"""
from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from emotune.errors import CameraError
from emotune.inference.opencv_log import opencv_errors_only

CAMERA_ON = "camera on"
NO_CAMERA = "no camera found — choose a video file"
CAMERA_LOST = "camera disconnected, retrying…"
DEFAULT_FPS = 30.0


class FrameSource(ABC):
    """``open()``, then ``read()`` until it returns ``ok=False``, then ``close()`` (also on errors)."""

    is_live: bool = False
    fps: float = DEFAULT_FPS
    problem: CameraError | None = None
    """Why the frames stopped before the source's end (a file cut short, or one with no frames); set
    when ``read()`` returns ok=False, None for a plain end."""

    @abstractmethod
    def open(self) -> None:
        """Start delivering frames; raises CameraError with a text a person can act on."""

    @abstractmethod
    def read(self) -> tuple[bool, np.ndarray | None, float]:
        """(ok, BGR frame, timestamp in seconds since open); ok is False at the end or on a failure."""

    @abstractmethod
    def close(self) -> None:
        """Release the device or file at once; safe to call twice."""

    def skip(self) -> bool:
        """Pass over the next frame without decoding it where the source can; False like ``read``."""
        return self.read()[0]


def _valid_fps(value: float) -> float:
    return float(value) if 1.0 <= value <= 240.0 else DEFAULT_FPS


class CameraSource(FrameSource):
    is_live = True

    def __init__(self, index: int = 0, width: int = 640, height: int = 480) -> None:
        self.index = index
        self.size = (width, height)
        self._capture: cv2.VideoCapture | None = None
        self._start: float | None = None

    def open(self) -> None:
        try:
            with opencv_errors_only():  # a missing camera is said in the window, not in OpenCV's words
                capture = cv2.VideoCapture(self.index)
            if not capture.isOpened():
                capture.release()
                raise CameraError("No camera found",
                                  f"No camera answered at index {self.index}. Connect a webcam, choose another "
                                  "camera in Settings, or read faces from a video file.")
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.size[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.size[1])
            if not capture.grab():
                capture.release()
                raise CameraError("Camera busy",
                                  f"Camera {self.index} opened but sends no pictures; another program may be "
                                  "using it. Close that program and turn the camera on again.")
            self.fps = _valid_fps(capture.get(cv2.CAP_PROP_FPS))
        except cv2.error as error:
            raise CameraError("Camera failed", f"OpenCV could not open camera {self.index}: {error}") from error
        self._capture = capture
        if self._start is None:  # a reconnected camera continues the same clock
            self._start = time.monotonic()

    def read(self) -> tuple[bool, np.ndarray | None, float]:
        if self._capture is None or self._start is None:
            return False, None, 0.0
        try:
            ok, frame = self._capture.read()
        except cv2.error:
            ok, frame = False, None
        return ok, frame if ok else None, time.monotonic() - self._start

    def skip(self) -> bool:
        """Take the frame off the device without converting it (the costly part of a read)."""
        if self._capture is None:
            return False
        try:
            return self._capture.grab()
        except cv2.error:
            return False

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


CUT_SHORT_SHARE = 0.95
"""A file that stops before this share of the frames its header announces was cut short."""


class VideoFileSource(FrameSource):
    """Timestamps are frame index / the file's fps, so analyses of one file are reproducible.

    A file that ends before its first frame, or well before the frame count its header announces,
    sets ``problem``: a truncated download or recording reads as such, not as a normal end."""

    def __init__(self, path: str | Path, realtime: bool = False) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self._capture: cv2.VideoCapture | None = None
        self._index = 0
        self._announced = 0
        self._start = 0.0

    def open(self) -> None:
        if not self.path.is_file():
            raise CameraError("Video not found", f"There is no video file at {self.path}.")
        try:
            capture = cv2.VideoCapture(str(self.path))
        except cv2.error as error:
            raise CameraError("Video unreadable", f"OpenCV could not open {self.path}: {error}") from error
        if not capture.isOpened():
            capture.release()
            raise CameraError("Video unreadable",
                              f"{self.path.name} could not be decoded. Try another file (MP4, AVI, MKV, WebM).")
        self.fps = _valid_fps(capture.get(cv2.CAP_PROP_FPS))
        self._announced = max(0, int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0))
        self._capture = capture
        self._index = 0
        self._start = time.monotonic()
        self.problem = None

    def read(self) -> tuple[bool, np.ndarray | None, float]:
        if self._capture is None:
            return False, None, 0.0
        if self.realtime:
            self._keep_pace()
        t = self._index / self.fps
        try:
            ok, frame = self._capture.read()
        except cv2.error:
            ok, frame = False, None
        if not ok:
            self.problem = self._why_it_ended()
            return False, None, t
        self._index += 1
        return True, frame, t

    def skip(self) -> bool:
        if self._capture is None:
            return False
        if self.realtime:
            self._keep_pace()
        try:
            ok = self._capture.grab()
        except cv2.error:
            ok = False
        if not ok:
            self.problem = self._why_it_ended()
            return False
        self._index += 1
        return True

    def _why_it_ended(self) -> CameraError | None:
        if self._index == 0:
            return CameraError("Video has no frames",
                               f"{self.path.name} opened but holds no pictures to read. Try another file "
                               "(MP4, AVI, MKV, WebM).")
        if self._index < self._announced * CUT_SHORT_SHARE:
            return CameraError("Video cut short",
                               f"{self.path.name} stops after {self._index / self.fps:.1f} s of "
                               f"{self._announced / self.fps:.1f} s; the file seems to be truncated. Try a "
                               "complete copy or another file.")
        return None

    def _keep_pace(self) -> None:
        """Wait for this frame's moment; when behind, skip frames undecoded, as a camera would drop them."""
        due = self._start + self._index / self.fps
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
            return
        while now - due >= 1.0 / self.fps and self._capture.grab():
            self._index += 1
            due += 1.0 / self.fps

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


@dataclass(frozen=True)
class Frame:
    image: np.ndarray
    t: float
    number: int  # count of frames read so far (1-based): gaps show frames dropped for lateness


class LatestFrameGrabber:
    """Reads a source on a thread, keeping only the newest frame; reconnects a camera that drops out.

    ``on_status`` is called from the reading thread with CAMERA_LOST and CAMERA_ON as a live source is
    lost and found again. With ``max_fps`` only about that many frames a second are decoded: the others
    are skipped undecoded (every second one of a 30 fps camera for 15), since decoding and converting
    a frame nobody looks at is most of what a webcam costs.
    """

    def __init__(self, source: FrameSource, on_status: Callable[[str], None] = lambda text: None,
                 retry_s: float = 1.0, failures_before_lost: int = 5, max_fps: float | None = None) -> None:
        self.source = source
        self.max_fps = max_fps
        self.on_status = on_status
        self.retry_s = retry_s
        self.failures_before_lost = failures_before_lost
        self._slot: Frame | None = None
        self._taken = 0
        self._count = 0
        self._ready = threading.Condition()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.finished = False

    def start(self) -> None:
        """Open the source (CameraError propagates) and start reading."""
        self.source.open()
        self._thread = threading.Thread(target=self._read_loop, name="frame-grabber", daemon=True)
        self._thread.start()

    def latest(self, timeout: float) -> Frame | None:
        """The newest frame not yet taken, waiting up to ``timeout`` s; None on timeout or when finished."""
        with self._ready:
            if not self._ready.wait_for(lambda: self._count > self._taken or self.finished, timeout):
                return None
            if self._slot is None or self._count == self._taken:
                return None
            self._taken = self._count
            return self._slot

    def stop(self) -> None:
        """Stop reading; the source is closed when this returns."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        self.source.close()

    def decode_every(self) -> int:
        """Decode one frame in this many (1: all), from the source's fps and ``max_fps``."""
        if not self.max_fps:
            return 1
        return max(1, round(self.source.fps / self.max_fps))

    def _read_loop(self) -> None:
        failures = 0
        passed = 0
        try:
            while not self._stopping.is_set():
                every = self.decode_every()
                if every > 1 and passed % every:
                    passed += 1
                    if self.source.skip():
                        failures = 0
                        continue
                    ok, image, t = False, None, 0.0
                else:
                    passed += 1
                    ok, image, t = self.source.read()
                if ok:
                    failures = 0
                    with self._ready:
                        self._count += 1
                        self._slot = Frame(image, t, self._count)
                        self._ready.notify_all()
                    continue
                if not self.source.is_live:
                    break
                failures += 1
                if failures >= self.failures_before_lost:
                    self._reconnect()
                    failures = 0
        finally:
            self.source.close()
            with self._ready:
                self.finished = True
                self._ready.notify_all()

    def _reconnect(self) -> None:
        self.on_status(CAMERA_LOST)
        self.source.close()
        while not self._stopping.wait(self.retry_s):
            try:
                self.source.open()
            except CameraError:
                continue
            self.on_status(CAMERA_ON)
            return
