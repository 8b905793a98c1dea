"""Video files and cameras behind one interface, and the grabber that keeps only the newest frame."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from emotune.errors import CameraError
from emotune.inference.frame_source import (CAMERA_LOST, CAMERA_ON, CameraSource, FrameSource,
                                            LatestFrameGrabber, VideoFileSource)

ABSENT_CAMERA = 97  # no machine has this many cameras; a real but absent device index


def read_all(source: FrameSource) -> list[tuple[np.ndarray, float]]:
    frames = []
    source.open()
    try:
        while True:
            ok, frame, t = source.read()
            if not ok:
                return frames
            frames.append((frame, t))
    finally:
        source.close()


def test_video_file_timestamps_come_from_its_fps(face_video) -> None:
    path, boxes = face_video
    source = VideoFileSource(path)
    frames = read_all(source)
    assert source.fps == 15.0 and not source.is_live
    assert len(frames) == len(boxes)
    assert frames[0][0].shape == (480, 640, 3)
    np.testing.assert_allclose([t for _, t in frames], np.arange(len(frames)) / 15.0)


def test_realtime_video_is_paced_like_a_camera(face_video) -> None:
    source = VideoFileSource(face_video[0], realtime=True)
    source.open()
    start = time.monotonic()
    for _ in range(8):
        assert source.read()[0]
    assert time.monotonic() - start >= 7 / 15 - 0.02
    time.sleep(0.5)  # a slow reader: the frames it was too late for are skipped, not queued
    ok, _, t = source.read()
    source.close()
    assert ok and t >= (8 + 6) / 15


def test_missing_or_broken_video_is_a_camera_error(tmp_path: Path) -> None:
    with pytest.raises(CameraError, match="not found"):
        VideoFileSource(tmp_path / "absent.mp4").open()
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 1000)
    with pytest.raises(CameraError, match="unreadable"):
        VideoFileSource(broken).open()


def test_missing_camera_is_a_clear_error_not_a_crash(capfd) -> None:
    source = CameraSource(ABSENT_CAMERA)
    with pytest.raises(CameraError) as error:
        source.open()
    assert error.value.short == "No camera found" and "video file" in error.value.detail
    assert "VIDEOIO" not in capfd.readouterr().err  # OpenCV's own warning is held back: the window says it
    assert source.read()[0] is False
    source.close()


def test_grabber_keeps_only_the_newest_frame(face_video) -> None:
    grabber = LatestFrameGrabber(VideoFileSource(face_video[0]))  # as fast as it decodes
    grabber.start()
    try:
        time.sleep(0.3)  # a slow consumer
        frame = grabber.latest(timeout=1.0)
        assert frame is not None and frame.number > 5  # the frames in between were dropped
        while grabber.latest(timeout=1.0) is not None:
            pass
        assert grabber.finished
    finally:
        grabber.stop()


class UnpluggedCamera(FrameSource):
    """A camera that is unplugged after a few frames and plugged in again on the second retry.

    The webcam is the one part tests cannot have; this plays generated frames through the same
    interface and fails the way cv2.VideoCapture does (read() returns False; open() raises)."""

    is_live = True

    def __init__(self) -> None:
        self.reads = self.opens = 0
        self.closed = threading.Event()

    def open(self) -> None:
        self.opens += 1
        if self.opens == 2:
            raise CameraError("No camera found", "still unplugged")
        self.closed.clear()

    def read(self):
        time.sleep(0.01)
        self.reads += 1
        if 5 <= self.reads < 20 and self.opens == 1:
            return False, None, self.reads / 100
        return True, np.zeros((48, 64, 3), np.uint8), self.reads / 100

    def close(self) -> None:
        self.closed.set()


def test_unplugged_camera_is_reported_and_retried() -> None:
    statuses: list[str] = []
    camera = UnpluggedCamera()
    grabber = LatestFrameGrabber(camera, on_status=statuses.append, retry_s=0.05)
    grabber.start()
    try:
        deadline = time.monotonic() + 5
        while CAMERA_ON not in statuses and time.monotonic() < deadline:
            time.sleep(0.02)
        assert statuses[:2] == [CAMERA_LOST, CAMERA_ON] and camera.opens == 3
        assert grabber.latest(timeout=1.0) is not None
    finally:
        grabber.stop()
    assert camera.closed.is_set() and grabber.finished


def test_a_video_cut_short_or_without_frames_says_so(face_video, tmp_path: Path) -> None:
    path, boxes = face_video
    whole = VideoFileSource(path)
    assert len(read_all(whole)) == len(boxes) and whole.problem is None  # a plain end is no problem

    data = path.read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(data[:len(data) // 2])  # a download that stopped half-way
    truncated = VideoFileSource(cut)
    frames = read_all(truncated)
    assert 0 < len(frames) < len(boxes)
    assert truncated.problem is not None and truncated.problem.short == "Video cut short"
    assert "cut.avi" in truncated.problem.detail and "truncated" in truncated.problem.detail

    empty = tmp_path / "empty.avi"
    writer = cv2.VideoWriter(str(empty), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (640, 480))
    writer.release()  # a real AVI container with no frame in it
    source = VideoFileSource(empty)
    assert read_all(source) == []
    assert source.problem is not None and source.problem.short == "Video has no frames"


class CountingSource(FrameSource):
    """Counts decoded reads and undecoded skips of a 30 fps stream of ``count`` frames."""

    fps = 30.0

    def __init__(self, count: int) -> None:
        self.count, self.reads, self.skips = count, 0, 0

    def open(self) -> None:
        pass

    def read(self):
        if self.reads + self.skips >= self.count:
            return False, None, 0.0
        self.reads += 1
        return True, np.zeros((4, 4, 3), np.uint8), (self.reads + self.skips - 1) / self.fps

    def skip(self) -> bool:
        if self.reads + self.skips >= self.count:
            return False
        self.skips += 1
        return True

    def close(self) -> None:
        pass


def test_grabber_decodes_only_the_frames_it_is_asked_for() -> None:
    source = CountingSource(60)
    grabber = LatestFrameGrabber(source, max_fps=15.0)
    grabber.start()
    deadline = time.monotonic() + 5
    while not grabber.finished and time.monotonic() < deadline:
        time.sleep(0.01)
    grabber.stop()
    assert (source.reads, source.skips) == (30, 30)  # every second frame of 30 fps, the rest not decoded
    assert LatestFrameGrabber(CountingSource(1)).decode_every() == 1  # no max_fps: all of them


def test_skipping_a_video_frame_keeps_its_clock(face_video) -> None:
    source = VideoFileSource(face_video[0])
    source.open()
    assert source.skip() and source.skip()
    ok, _, t = source.read()
    source.close()
    assert ok and t == pytest.approx(2 / 15)
