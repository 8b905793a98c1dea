"""Screenshots of the real window for people to look at (artifacts/screenshots/, git-ignored): the demo
library loaded and playing, the camera on with the emotion bars live, the camera off, and the library
browsed by album."""
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from emotune.player.base_player import PlayerState

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _save(window, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    image = window.grab().toImage()
    assert image.save(str(path)), f"could not write {path}"
    assert image.width() >= 1280 and image.height() >= 800
    return path


@pytest.fixture
def themed_app(qapp):
    """The look run_app gives the application, taken off again for the tests that follow."""
    from emotune.ui.theme import apply_theme

    style, palette, font = qapp.style().name(), qapp.palette(), qapp.font()
    apply_theme(qapp)
    yield qapp
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


def test_screenshots(themed_app, make_window, demo_library, happy_then_sad_video, qtbot):
    video = happy_then_sad_video[0]
    window = make_window(folders=[demo_library], with_perception=True, initial_video=str(video))
    window.resize(QSize(1360, 860))
    bars = window.emotion_panel.bars
    qtbot.waitUntil(lambda: window.emotion_panel.headline.text().endswith("Happy"), timeout=20000)
    window.player_bar.transport.play_button.click()  # the mood picks the first track
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=5000)
    qtbot.waitUntil(lambda: window.player_bar.now_playing.art.has_cover, timeout=5000)
    qtbot.waitUntil(lambda: window.player_bar.seek_bar.slider.value() >= 20, timeout=10000)
    qtbot.wait(300)  # one more throttled repaint of bars and timeline
    assert bars.face_seen and window.camera_panel.preview.faces
    assert window.playback.current.mood == "happy"
    main = _save(window, "main_window.png")
    assert main.stat().st_size > 50_000

    qtbot.waitUntil(lambda: window.emotion_panel.headline.text().endswith("Sad"), timeout=30000)
    qtbot.wait(300)
    _save(window, "camera_on.png")

    window.toggle_camera()
    assert window.camera_panel.pages.currentWidget() is window.camera_panel.off_page
    qtbot.wait(300)
    _save(window, "camera_off.png")

    from emotune.library.library_browser import BrowseField

    view = window.library_view
    view.set_browsing(True)
    albums = view.browse_pane.lists[BrowseField.ALBUM]
    albums.setCurrentIndex(view.browse_pane.models[BrowseField.ALBUM].index(2))  # the second album
    assert 0 < window.model.rowCount() < window.model.track_count
    qtbot.wait(300)
    _save(window, "library_browse.png")
