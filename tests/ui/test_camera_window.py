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
