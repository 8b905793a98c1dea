"""The real perception worker in the window, reading a generated video as its "camera"."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from emotune.inference.frame_source import VideoFileSource
from emotune.mood_space import EMOTIONS


@pytest.fixture
def recording_camera(happy_then_sad_video):
    """A camera factory that reads the video and remembers every source it made."""
    path = happy_then_sad_video[0]
    made = []

    def camera(index):
        source = VideoFileSource(path, realtime=True)
        made.append(source)
        return source

    camera.made = made
    return camera


def test_camera_toggle_stops_and_restarts_the_worker(make_window, recording_camera, qtbot):
    window = make_window(with_perception=True, camera_source=recording_camera, start_camera=True)
    worker, panel = window.services.worker, window.camera_panel
    qtbot.waitUntil(lambda: window.emotion_panel.bars.face_seen, timeout=15000)
    assert worker.isRunning() and panel.camera_on and panel.pages.currentWidget() is panel.preview
    qtbot.waitUntil(lambda: panel.preview.image is not None and bool(panel.preview.faces), timeout=5000)
    assert panel.preview.followed == 0

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # camera off
    assert not worker.isRunning()  # stopped before the shortcut returned
    assert recording_camera.made[0].read()[0] is False  # the device is released
    assert panel.pages.currentWidget() is panel.off_page and panel.status.text() == "Off"
    assert window.emotion_panel.headline.text() == "Camera off"
    assert window.settings.get("camera_enabled") is False
    assert window.history.seen[-1][1] is None  # the timeline shows the gap
    qtbot.wait(300)  # reports the worker queued before it stopped must not bring a mood back
    assert window.emotion_panel.headline.text() == "Camera off" and not window.emotion_panel.bars.face_seen
    assert window.history.seen[-1][1] is None

    panel.toggle.click()  # and on again, from the button; the source is built on the worker's thread
    qtbot.waitUntil(lambda: len(recording_camera.made) == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.emotion_panel.bars.face_seen, timeout=15000)
    assert worker.isRunning() and window.settings.get("camera_enabled") is True
    window.close()
    assert not worker.isRunning() and recording_camera.made[1].read()[0] is False


def test_no_camera_then_a_video_file_drives_the_bars(make_window, happy_then_sad_video, qtbot, monkeypatch):
    class NoCamera(VideoFileSource):  # a camera index nothing answers at: the real CameraSource path
        is_live = True

        def __init__(self, index):
            super().__init__(f"/dev/no-camera-{index}")

    window = make_window(with_perception=True, camera_source=NoCamera, start_camera=True)
    panel, bars = window.camera_panel, window.emotion_panel.bars
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.no_camera_page, timeout=10000)
    assert not panel.camera_on
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(happy_then_sad_video[0]), ""))
    button = next(b for b in panel.no_camera_page.findChildren(QPushButton) if b.text() == "Use a video file…")
    button.click()
    qtbot.waitUntil(lambda: bars.face_seen, timeout=15000)
    painted = bars.paint_count
    qtbot.waitUntil(lambda: bars.paint_count > painted + 3, timeout=5000)  # repainting as frames come
    qtbot.waitUntil(lambda: bars.smoothed[EMOTIONS.index("happy")] > 0.5, timeout=10000)
    qtbot.waitUntil(lambda: "Happy" in window.emotion_panel.headline.text(), timeout=10000)
    assert panel.camera_on and panel.pages.currentWidget() is panel.preview


@pytest.fixture
def short_video(tmp_path):
    """Three seconds of one face that the model reads as happy (the first of the shared happy-then-sad faces)."""
    from tools.face_video import FER_CSV, make_face_video, read_fer_faces

    if not FER_CSV.exists():
        pytest.skip(f"FER2013 is not at {FER_CSV}")
    faces = [face.pixels for face in read_fer_faces("Training", limit=1)]
    return make_face_video(tmp_path / "short.avi", faces, seconds_per_face=3.0, fps=15.0)[0]


def test_the_end_of_a_video_reads_no_face_and_the_seen_lane_stops(make_window, short_video, qtbot):
    window = make_window(with_perception=True)
    panel, mood = window.camera_panel, window.emotion_panel
    window.perception.use_video(str(short_video))
    qtbot.waitUntil(lambda: panel.status.text() == "Video finished", timeout=15000)
    qtbot.waitUntil(lambda: mood.headline.text() == "No face in view", timeout=3000)
    assert panel.camera_on and not mood.bars.face_seen
    qtbot.waitUntil(window.services.worker.isFinished, timeout=20000)  # the mood relaxed, the readings stopped
    stopped = window.history.seen_until
    qtbot.wait(1800)
    spans = window.history.seen_spans(window.history.clock())
    assert spans[-1][1] == stopped  # the Seen lane is not painted on
    assert mood.headline.text() == "No face in view"


@pytest.mark.parametrize("case", ["missing", "unreadable", "cut short"])
def test_a_video_that_cannot_be_read_says_why_in_the_camera_card(make_window, short_video, tmp_path, case, qtbot):
    if case == "missing":
        path, title, words = tmp_path / "gone.mp4", "Video not found", "There is no video file"
    elif case == "unreadable":
        path, title, words = tmp_path / "notes.mp4", "Video unreadable", "could not be decoded"
        path.write_bytes(b"these are not moving pictures\n" * 100)
    else:
        path, title, words = tmp_path / "cut.avi", "Video cut short", "truncated"
        data = short_video.read_bytes()
        path.write_bytes(data[:len(data) // 2])
    window = make_window(with_perception=True)
    panel = window.camera_panel
    window.perception.use_video(str(path))
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.problem_page, timeout=15000)
    assert panel.problem_page.title.text() == title and words in panel.problem_page.text.text()
    assert panel.off_page.isHidden()  # not "Camera is off"


def test_turning_face_reading_on_again_returns_to_the_chosen_video(make_window, short_video, qtbot):
    made = []

    def video(path):
        source = VideoFileSource(path, realtime=True)
        made.append(path)
        return source

    def camera(index):
        raise AssertionError("the webcam was opened although a video was chosen")

    window = make_window(with_perception=True, camera_source=camera, video_source=video)
    panel = window.camera_panel
    window.perception.use_video(str(short_video))
    qtbot.waitUntil(lambda: window.emotion_panel.bars.face_seen, timeout=15000)
    panel.toggle.click()  # off
    assert not window.services.worker.isRunning()
    panel.toggle.click()  # and on: the same video again, not the webcam
    qtbot.waitUntil(lambda: len(made) == 2, timeout=5000)
    assert made == [str(short_video)] * 2 and window.perception.running and not window.perception.running_camera


def test_no_preview_work_while_the_window_is_minimised_hidden_or_the_preview_off(make_window, happy_then_sad_video,
                                                                                qtbot):
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):
            self.count += event.type() == QEvent.Type.Paint
            return False

    window = make_window(with_perception=True)
    worker, preview = window.services.worker, window.camera_panel.preview
    paints = Paints()
    preview.installEventFilter(paints)
    frames, results = [], []
    worker.frame_ready.connect(frames.append)
    worker.result_ready.connect(results.append)
    window.perception.use_video(str(happy_then_sad_video[0]))
    qtbot.waitUntil(lambda: len(frames) >= 5 and paints.count >= 2, timeout=15000)
    assert worker.preview_wanted

    def nothing_shown_while(leave, back):
        leave()
        qtbot.waitUntil(lambda: not worker.preview_wanted, timeout=2000)
        qtbot.wait(150)  # previews made before the switch are still on their way
        made, painted, read = len(frames), paints.count, len(results)
        qtbot.wait(1000)
        assert len(frames) == made and paints.count == painted  # no preview made, nothing painted
        assert len(results) >= read + 5  # while the mood is still read (7.5-10 a second)
        back()
        qtbot.waitUntil(lambda: worker.preview_wanted and len(frames) > made, timeout=3000)

    nothing_shown_while(window.showMinimized, window.showNormal)
    nothing_shown_while(window.hide, window.show)
    settings = window.settings
    nothing_shown_while(lambda: settings.set("show_preview", False), lambda: settings.set("show_preview", True))


@pytest.fixture
def recording_sources(short_video):
    """Camera and video factories that both read the short video and log which one made each source."""
    made = []

    def camera(index):
        made.append(("camera", index))
        return VideoFileSource(short_video, realtime=True)

    def video(path):
        made.append(("video", path))
        return VideoFileSource(path, realtime=True)

    return camera, video, made


def test_the_off_page_offers_the_webcam_again_after_a_video(make_window, short_video, recording_sources, qtbot):
    camera, video, made = recording_sources
    window = make_window(with_perception=True, camera_source=camera, video_source=video)
    panel = window.camera_panel
    window.perception.use_video(str(short_video))
    qtbot.waitUntil(lambda: panel.camera_on, timeout=5000)
    panel.toggle.click()  # off: the card says the toggle reads the video again, and offers the webcam
    assert panel.pages.currentWidget() is panel.off_page
    assert panel.off_page.title.text() == "Face reading is off" and "short.avi again" in panel.off_page.text.text()
    assert panel.turn_on_button.text() == "Use the webcam"

    panel.turn_on_button.click()
    qtbot.waitUntil(lambda: len(made) == 2, timeout=5000)
    assert made == [("video", str(short_video)), ("camera", window.settings.get("camera_index"))]
    assert window.perception.running_camera and panel.camera_on and window.settings.get("camera_enabled") is True
    assert panel.turn_on_button.text() == "Turn camera on" and panel.off_page.title.text() == "Camera is off"
    panel.toggle.click()  # off and on again: the webcam from now on
    panel.toggle.click()
    qtbot.waitUntil(lambda: len(made) == 3, timeout=5000)
    assert made[2][0] == "camera"


def test_a_video_that_cannot_be_read_offers_the_webcam(make_window, recording_sources, tmp_path, qtbot):
    camera, video, made = recording_sources
    window = make_window(with_perception=True, camera_source=camera, video_source=video)
    panel = window.camera_panel
    window.perception.use_video(str(tmp_path / "gone.mp4"))
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.problem_page, timeout=15000)
    assert panel.problem_webcam_button.isVisible()
    panel.problem_webcam_button.click()
    qtbot.waitUntil(lambda: len(made) == 2 and panel.camera_on, timeout=5000)
    assert made[1][0] == "camera" and window.perception.running_camera


def test_picking_a_camera_in_settings_while_a_video_runs_reads_that_camera(make_window, short_video,
                                                                            recording_sources, qtbot):
    camera, video, made = recording_sources
    window = make_window(with_perception=True, camera_source=camera, video_source=video)
    window.perception.use_video(str(short_video))
    qtbot.waitUntil(lambda: window.camera_panel.camera_on, timeout=5000)
    window.settings.set("camera_index", 2)
    window.apply_settings({"camera_index"}, window.settings.get("library_folders"))
    qtbot.waitUntil(lambda: len(made) == 2, timeout=5000)
    assert made[1] == ("camera", 2) and window.perception.running_camera
    assert window.camera_panel.turn_on_button.text() == "Turn camera on"


def test_a_failure_of_the_last_source_cannot_stop_the_next_one(make_window, short_video, qtbot):
    import time

    class NoCamera(VideoFileSource):  # fails at once on the worker thread
        is_live = True

        def __init__(self, index):
            super().__init__(f"/dev/no-camera-{index}")

    window = make_window(with_perception=True, camera_source=NoCamera)
    perception = window.perception
    perception.start_camera()
    time.sleep(1.0)  # the camera's failure is queued for the GUI thread, not handled yet
    perception.use_video(str(short_video))  # the user picks a video at that moment
    qtbot.wait(500)  # the queued failure is delivered
    assert perception.running and not perception.running_camera
    qtbot.waitUntil(lambda: window.emotion_panel.bars.face_seen, timeout=10000)
    assert window.camera_panel.camera_on
