"""The perception worker: starts and stops cleanly, works on the newest frame, survives a missing camera,
and lets go of its source before ``stop()`` returns."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from emotune.errors import CameraError
from emotune.inference.frame_source import NO_CAMERA, CameraSource, FrameSource, VideoFileSource
from emotune.inference.pipeline import FrameResult, Pipeline
from emotune.ui.perception_worker import VIDEO_FINISHED, PerceptionWorker
from tools.face_video import FER_CSV, drifting_scenes, make_face_video, read_fer_faces

ABSENT_CAMERA = 97


@pytest.fixture(scope="module")
def faces() -> list[np.ndarray]:
    if not FER_CSV.exists():
        pytest.skip(f"FER2013 is not at {FER_CSV} (../shared beside the repository)")
    return [face.pixels for face in read_fer_faces("Training", limit=4)]


@pytest.fixture(scope="module")
def video(faces, tmp_path_factory):
    path, _ = make_face_video(tmp_path_factory.mktemp("worker") / "faces.avi", faces[:2], seconds_per_face=1.0,
                              fps=15.0)
    return path


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture
def worker(pipeline, qtbot):
    worker = PerceptionWorker(pipeline, stats_interval_s=0.2)
    yield worker
    worker.stop()


class WatchedVideo(VideoFileSource):
    """A real video source that counts how often it was closed."""

    def __init__(self, path, realtime: bool) -> None:
        super().__init__(path, realtime)
        self.closes = 0

    def close(self) -> None:
        super().close()
        self.closes += 1


class GeneratedFrames(FrameSource):
    """Frames made in memory and handed out as fast as they are asked for (far faster than processing)."""

    def __init__(self, frames: list[np.ndarray], fps: float = 30.0) -> None:
        self.frames, self.fps, self.index = frames, fps, 0

    def open(self) -> None:
        self.index = 0

    def read(self):
        if self.index >= len(self.frames):
            return False, None, self.index / self.fps
        self.index += 1
        return True, self.frames[self.index - 1], (self.index - 1) / self.fps

    def close(self) -> None:
        pass


def test_start_emits_results_previews_and_stats_and_stop_releases_the_source(worker, video, qtbot) -> None:
    source = WatchedVideo(video, realtime=True)
    results, previews, boxes, stats, statuses = [], [], [], [], []
    worker.result_ready.connect(results.append)
    worker.frame_ready.connect(previews.append)
    worker.faces_changed.connect(lambda faces, followed: boxes.append((faces, followed)))
    worker.stats_changed.connect(stats.append)
    worker.status_changed.connect(statuses.append)
    worker.start_source(lambda: source)
    qtbot.waitUntil(lambda: len(stats) >= 2 and len(previews) >= 3, timeout=5000)
    worker.stop()
    assert source.closes >= 1 and worker.isFinished()  # released before stop() returned
    assert isinstance(results[0], FrameResult) and any(r.followed is not None for r in results)
    assert isinstance(previews[0], QImage) and previews[0].width() == 480 and not previews[0].isNull()
    assert len(previews) <= len(results)
    assert set(stats[-1]) == {"fps", "ms_p50", "ms_p95", "dropped"} and stats[-1]["fps"] > 0
    assert statuses[0] == "reading faces from the video"
    faces, followed = boxes[-1]
    assert followed is None or 0 <= followed < len(faces)


def test_the_latest_frame_wins(worker, faces, qtbot) -> None:
    frames = [scene.frame for scene in drifting_scenes(np.random.default_rng(0), faces[:1], 300)]
    results, statuses = [], []
    worker.result_ready.connect(results.append)
    worker.status_changed.connect(statuses.append)
    worker.start_source(lambda: GeneratedFrames(frames))
    qtbot.waitUntil(lambda: VIDEO_FINISHED in statuses, timeout=10000)
    times = [result.t for result in results]
    assert times == sorted(set(times))
    assert len(times) < len(frames) / 2  # stale frames were dropped, not queued
    assert times[-1] == pytest.approx((len(frames) - 1) / 30)  # and the newest one was processed


def test_a_missing_camera_gives_a_status_not_a_crash(worker, qtbot) -> None:
    failures, statuses = [], []
    worker.status_changed.connect(statuses.append)
    worker.source_failed.connect(failures.append)
    with qtbot.waitSignal(worker.source_failed, timeout=5000):
        worker.start_source(lambda: CameraSource(ABSENT_CAMERA))
    assert statuses == [NO_CAMERA]
    assert isinstance(failures[0], CameraError)
    worker.wait(2000)
    assert worker.isFinished()


def test_switching_sources_stops_the_previous_one(worker, video, qtbot) -> None:
    first, second = WatchedVideo(video, realtime=True), WatchedVideo(video, realtime=True)
    results = []
    worker.result_ready.connect(results.append)
    worker.start_source(lambda: first)
    qtbot.waitUntil(lambda: len(results) >= 2, timeout=5000)
    worker.start_source(lambda: second)
    assert first.closes >= 1
    count = len(results)
    qtbot.waitUntil(lambda: len(results) >= count + 2, timeout=5000)
    worker.stop()
    assert second.closes >= 1
