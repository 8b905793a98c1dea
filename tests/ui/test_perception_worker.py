"""The perception worker: starts and stops cleanly, works on the newest frame, survives a missing camera,
lets go of its source before ``stop()`` returns, and goes to "no face" when its source ends or is lost."""
from __future__ import annotations

import time

import cv2
import numpy as np
import pytest
from PySide6.QtGui import QImage

from emotune.errors import CameraError
from emotune.inference.frame_source import CAMERA_LOST, NO_CAMERA, CameraSource, FrameSource, VideoFileSource
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
    gaps = np.diff([r.t for r in results])
    assert gaps.min() >= 0.1 - 0.006  # analysed at most 10 times a second (the preview shows more)
    assert set(stats[-1]) == {"fps", "ms_p50", "ms_p95", "dropped"} and stats[-1]["fps"] > 0
    assert statuses[0] == "reading faces from the video"
    faces, followed = boxes[-1]
    assert followed is None or 0 <= followed < len(faces)


def test_previews_are_made_at_the_size_the_preview_shows(worker, video, qtbot) -> None:
    """Frames fit the preview's own pixels (so the GUI thread copies them as they are), boxes with them."""
    worker.set_preview_size(320, 300)
    previews, boxes = [], []
    worker.frame_ready.connect(previews.append)
    worker.faces_changed.connect(lambda found, followed: boxes.append(found))
    worker.start_source(lambda: VideoFileSource(video, realtime=True))
    qtbot.waitUntil(lambda: len(previews) >= 3 and any(boxes), timeout=10000)
    worker.stop()
    capture = cv2.VideoCapture(str(video))
    width, height = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    capture.release()
    assert {(image.width(), image.height()) for image in previews} == {(320, round(height * 320 / width))}
    assert all(x + w <= 320 for found in boxes for x, y, w, h in found)


def test_the_latest_frame_wins(worker, faces, qtbot) -> None:
    frames = [scene.frame for scene in drifting_scenes(np.random.default_rng(0), faces[:1], 300)]
    results, statuses = [], []
    worker.result_ready.connect(results.append)
    worker.status_changed.connect(statuses.append)
    worker.start_source(lambda: GeneratedFrames(frames))
    qtbot.waitUntil(lambda: VIDEO_FINISHED in statuses, timeout=10000)
    worker.stop()  # before the faceless moments after the end (see the next test) come in
    times = [result.t for result in results if result.t <= (len(frames) - 1) / 30]
    assert times == sorted(set(times))
    assert len(times) < len(frames) / 2  # stale frames were dropped, not queued
    # and the newest ones were processed: within one analysis interval (0.1 s) and one skipped frame of the end
    assert times[-1] >= (len(frames) - 1) / 30 - 0.1 - 1 / 30 - 0.006


def test_the_mood_is_analysed_about_ten_times_a_second_and_the_preview_shows_more(faces, tmp_path, qtbot) -> None:
    path, _ = make_face_video(tmp_path / "thirty.avi", faces[:1], seconds_per_face=3.0, fps=30.0)
    worker = PerceptionWorker(Pipeline(), analysis_fps=10.0, preview_fps=15.0)
    results, previews, statuses = [], [], []
    worker.result_ready.connect(results.append)
    worker.frame_ready.connect(previews.append)
    worker.status_changed.connect(statuses.append)
    worker.start_source(lambda: VideoFileSource(path, realtime=True))
    qtbot.waitUntil(lambda: VIDEO_FINISHED in statuses, timeout=15000)
    worker.stop()
    analysed = [r.t for r in results if r.t < 88.5 / 30]  # not the faceless moments after the end
    # 30 fps in, 15 decoded, every second one analysed: 7.5 a second (a busy machine drops some), never 30
    assert 3 * 3 <= len(analysed) <= 10 * 3 + 1
    assert np.diff(analysed).min() >= 0.1 - 0.006
    assert len(previews) > len(analysed)


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


def no_face(result: FrameResult) -> bool:
    return result.raw_probs is None and result.followed is None and result.faces == []


def test_the_end_of_a_video_is_no_face_and_the_mood_relaxes_then_results_stop(worker, faces, tmp_path,
                                                                              qtbot) -> None:
    path, boxes_pasted = make_face_video(tmp_path / "one_face.avi", faces[:1], seconds_per_face=4.0, fps=15.0)
    results, statuses, ends, boxes = [], [], [], []
    worker.result_ready.connect(results.append)
    worker.status_changed.connect(statuses.append)
    worker.source_ended.connect(ends.append)
    worker.faces_changed.connect(lambda found, followed: boxes.append(found))
    worker.start_source(lambda: VideoFileSource(path, realtime=True))
    qtbot.waitUntil(lambda: VIDEO_FINISHED in statuses, timeout=10000)
    assert ends == [None]  # a plain end, nothing to show in the card
    last_frame_t = (len(boxes_pasted) - 1) / 15
    read = [r for r in results if r.t <= last_frame_t]
    assert read[-1].mood is not None  # four seconds of one face gave a mood
    qtbot.waitUntil(worker.isFinished, timeout=20000)  # the loop ends once the mood has relaxed
    after = [r for r in results if r.t > last_frame_t]
    assert after and all(no_face(r) for r in after) and boxes[-1] == []
    assert [r.t for r in after] == sorted(set(r.t for r in after))
    hold = worker.pipeline.smoother.params.hold_s
    assert all(r.mood == read[-1].mood for r in after if r.t < last_frame_t + hold)  # held first
    assert after[-1].mood == "neutral" and after[-1].t > last_frame_t + hold  # then relaxed to neutral


class LostCamera(FrameSource):
    """A live source that sends ``count`` frames and is then unplugged for good."""

    is_live = True

    def __init__(self, frames: list[np.ndarray], count: int) -> None:
        self.frames, self.count, self.sent, self.opened = frames, count, 0, 0

    def open(self) -> None:
        self.opened += 1
        if self.opened > 1:
            raise CameraError("No camera found", "unplugged")

    def read(self):
        if self.sent >= self.count:
            return False, None, self.sent / 30
        self.sent += 1
        time.sleep(1 / 30)
        return True, self.frames[self.sent % len(self.frames)], (self.sent - 1) / 30

    def close(self) -> None:
        pass


def test_a_lost_camera_reads_as_no_face_on_the_camera_clock(worker, faces, qtbot) -> None:
    frames = [scene.frame for scene in drifting_scenes(np.random.default_rng(2), faces[:1], 30)]
    results, statuses = [], []
    worker.result_ready.connect(results.append)
    worker.status_changed.connect(statuses.append)
    # 5 s of this ambiguous face (v2 sets a mood on it after ~3.6 s): without a mood there is nothing for
    # faceless frames to relax, and none are sent
    face_frames = 150
    source = LostCamera(frames, count=face_frames)
    worker.start_source(lambda: source)
    last_frame_t = (face_frames - 1) / 30
    qtbot.waitUntil(lambda: CAMERA_LOST in statuses and any(r.t > last_frame_t + 1.0 for r in results),
                    timeout=10000)
    assert worker.isRunning()  # still waiting for the camera to come back
    after = [r for r in results if r.t > last_frame_t]
    assert after and all(no_face(r) for r in after)
    assert [r.t for r in after] == sorted(set(r.t for r in after))


@pytest.fixture
def empty_video(tmp_path):
    path = tmp_path / "empty.avi"
    cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (640, 480)).release()
    return path


def test_a_video_without_frames_ends_at_once_with_its_reason_and_no_face(worker, empty_video, qtbot) -> None:
    results, ends, statuses = [], [], []
    worker.result_ready.connect(results.append)
    worker.source_ended.connect(ends.append)
    worker.status_changed.connect(statuses.append)
    worker.start_source(lambda: VideoFileSource(empty_video, realtime=True))
    qtbot.waitUntil(lambda: bool(ends) and bool(results), timeout=5000)
    assert isinstance(ends[0], CameraError) and ends[0].short == "Video has no frames"
    assert statuses[-1] == "Video has no frames"
    assert no_face(results[0]) and results[0].mood is None
    qtbot.waitUntil(worker.isFinished, timeout=3000)  # nothing to relax


def test_a_video_cut_short_says_so(worker, video, tmp_path, qtbot) -> None:
    data = video.read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(data[:len(data) // 2])
    ends = []
    worker.source_ended.connect(ends.append)
    worker.start_source(lambda: VideoFileSource(cut))
    qtbot.waitUntil(lambda: bool(ends), timeout=5000)
    assert isinstance(ends[0], CameraError) and ends[0].short == "Video cut short"


def test_low_power_reads_the_mood_three_times_a_second(faces, tmp_path, qtbot) -> None:
    from types import SimpleNamespace

    from emotune.ui.perception_controller import LOW_POWER_FPS, PerceptionController

    path, _ = make_face_video(tmp_path / "long.avi", faces[:1], seconds_per_face=6.0, fps=30.0)
    values = {"show_preview": True, "low_power": False, "low_power_on_battery": True, "camera_index": 0}
    settings = SimpleNamespace(get=values.__getitem__, on_change=[])
    worker = PerceptionWorker(Pipeline())
    controller = PerceptionController(settings=settings, worker=worker, camera_source=None,
                                      video_source=lambda p: VideoFileSource(p, realtime=True),
                                      pipeline=worker.pipeline, on_battery=lambda: None)
    results = []
    worker.result_ready.connect(results.append)
    controller.use_video(str(path))
    qtbot.waitUntil(lambda: len(results) >= 8, timeout=10000)
    assert np.diff([r.t for r in results]).min() < 0.3  # the usual 7.5-10 a second
    values["low_power"] = True
    for listener in settings.on_change:
        listener("low_power")
    switched = len(results)
    qtbot.waitUntil(lambda: len(results) >= switched + 6, timeout=10000)
    controller.stop()
    gaps = np.diff([r.t for r in results[switched + 1:]])
    assert gaps.min() >= 1 / LOW_POWER_FPS - 0.006 and worker.analysis_fps == LOW_POWER_FPS


def test_low_power_follows_the_battery_when_the_option_says_so(tmp_path, qtbot) -> None:
    """The real power-source reader over a power-supply folder laid out as Linux's sysfs."""
    from types import SimpleNamespace

    from emotune.inference.analysis_rate import ANALYSIS_FPS
    from emotune.power_source import on_battery
    from emotune.ui.perception_controller import LOW_POWER_FPS, PerceptionController

    for name, files in (("AC", {"type": "Mains", "online": "0"}), ("BAT0", {"type": "Battery", "status": "Discharging"})):
        (tmp_path / name).mkdir()
        for key, value in files.items():
            (tmp_path / name / key).write_text(value)
    values = {"show_preview": True, "low_power": False, "low_power_on_battery": True, "camera_index": 0}
    settings = SimpleNamespace(get=values.__getitem__, on_change=[])
    worker = PerceptionWorker(Pipeline())
    controller = PerceptionController(settings=settings, worker=worker, camera_source=None, video_source=None,
                                      pipeline=worker.pipeline, on_battery=lambda: on_battery(tmp_path))
    assert controller.low_power and worker.analysis_fps == LOW_POWER_FPS  # on battery at start
    values["low_power_on_battery"] = False
    for listener in settings.on_change:
        listener("low_power_on_battery")
    assert worker.analysis_fps == ANALYSIS_FPS
    values["low_power_on_battery"] = True
    (tmp_path / "AC" / "online").write_text("1")  # plugged in
    controller._check_power()  # what its half-minute timer runs
    assert not controller.low_power and worker.analysis_fps == ANALYSIS_FPS
