"""Screenshots of the real window for people to look at (artifacts/screenshots/, git-ignored): the demo
library loaded and playing, the camera on with the emotion bars live, the camera off, and the library
browsed by album; then the same window switched live to the light and the dark theme, at its default
size and at 800x600, checked pixel by pixel against the palette (backgrounds, text and icon contrast,
nothing squeezed)."""
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from emotune.player.base_player import PlayerState
from emotune.ui.palette import DARK, LIGHT, Palette
from emotune.ui.theme import apply_theme
from tests.tools.pixels import contrast, dominant, region
from tests.ui.test_small_window import squeezed

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _save(window, name: str, minimum: QSize = QSize(1280, 800)) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    image = window.grab().toImage()
    assert image.save(str(path)), f"could not write {path}"
    assert image.width() >= minimum.width() and image.height() >= minimum.height()
    return path


def ink_contrast(image: QImage, window: QWidget, widget: QWidget) -> float:
    """How far the strongest pixel of ``widget`` stands from its own background: its text's or icon's contrast."""
    pixels = region(image, QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size()))
    ground = dominant(pixels)
    return max(contrast(ground, pixel) for pixel in pixels)


def _check_look(window, image: QImage, palette: Palette) -> None:
    """The window shows ``palette``: its background, the cards' surface, readable labels and tinted icons."""
    assert image.pixelColor(2, image.height() // 2) == QColor(palette.background)
    card = window.emotion_panel
    assert dominant(region(image, QRect(card.mapTo(window, card.rect().topLeft()), card.size()))) == \
        QColor(palette.surface)
    labels = [label for label in window.findChildren(QLabel)
              if label.isVisible() and label.text() and label.width() > 0 and label.height() > 0
              and not label.visibleRegion().isEmpty()]
    assert len(labels) >= 8
    for label in labels:
        needed = 2.8 if label.objectName() == "Faint" else 4.5  # faint hints are as faint as in the dark theme
        assert ink_contrast(image, window, label) >= needed, (label.objectName(), label.text()[:40])
    cut = [button.text() for button in window.findChildren(QAbstractButton)
           if button.isVisible() and button.text() and button.width() < button.sizeHint().width()]
    assert cut == [], "buttons too narrow for their text (elided)"
    for button in (window.header.settings_button, window.header.add_folder_button,
                   window.player_bar.transport.next_button, window.player_bar.transport.play_button):
        assert ink_contrast(image, window, button) >= 4.5, button.toolTip()


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

    # The same running window, switched live: what was painted dark must repaint in the new colours.
    for palette in (LIGHT, DARK):
        apply_theme(themed_app, palette)
        for size in (QSize(1280, 820), QSize(800, 600)):
            window.resize(size)
            qtbot.waitUntil(lambda: window.size() == size)
            qtbot.wait(400)  # the bars and the timeline repaint on their timers
            _save(window, f"{palette.name.value}_{size.width()}x{size.height()}.png", size)
            _check_look(window, window.grab().toImage(), palette)
            for card in (window.camera_panel, window.emotion_panel):
                assert squeezed(card) == []
    window.resize(QSize(1360, 860))

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
