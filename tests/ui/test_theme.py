"""Light and dark themes: readable palettes, icons tinted when painted, the system's scheme followed and the
user's choice applied at once, and painted widgets and coloured labels that follow a switch."""
import gc

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap

from emotune.choices import ThemeChoice
from emotune.mood_space import EMOTIONS, TRACK_MOODS
from emotune.paths import config_dir
from emotune.settings import Settings
from emotune.ui.emotion_bars import EmotionBars
from emotune.ui.emotion_panel import EmotionPanel
from emotune.ui.palette import DARK, LIGHT, current_palette, palette_for
from emotune.ui.settings_dialog import SettingsDialog
from emotune.ui.theme import apply_theme, icon
from emotune.ui.themed_icon import _CLONES
from emotune.ui.theme_follower import ThemeFollower
from tests.tools.pixels import contrast


def _c(name: str) -> QColor:
    return QColor(name)


def test_both_palettes_keep_text_moods_and_accents_readable():
    for p in (DARK, LIGHT):
        for ground in (p.background, p.surface, p.raised):
            assert contrast(_c(p.text), _c(ground)) >= 7, p.name
            assert contrast(_c(p.text_dim), _c(ground)) >= 4.5, p.name
        for ground in (p.background, p.surface):
            assert contrast(_c(p.text_faint), _c(ground)) >= 3, p.name
        assert contrast(_c(p.on_accent), _c(p.accent)) >= 3, p.name
        assert contrast(_c(p.tick), _c(p.border)) >= 3, p.name  # the frame tick on an empty bar
        assert set(p.moods) == set(TRACK_MOODS) and set(p.emotions) == set(EMOTIONS)
        for color in [*p.moods.values(), *p.emotions.values()]:
            assert contrast(_c(color), _c(p.surface)) >= 4, (p.name, color)  # mood words on a card
        for color in p.moods.values():
            assert contrast(_c(p.on_mood), _c(color)) >= 4.4, (p.name, color)  # titles on the timeline


def test_the_system_scheme_is_followed_and_unknown_reads_as_dark():
    scheme = Qt.ColorScheme
    assert palette_for(ThemeChoice.SYSTEM, scheme.Light) is LIGHT
    assert palette_for(ThemeChoice.SYSTEM, scheme.Dark) is DARK
    assert palette_for(ThemeChoice.SYSTEM, scheme.Unknown) is DARK
    assert palette_for(ThemeChoice.LIGHT, scheme.Dark) is LIGHT
    assert palette_for(ThemeChoice.DARK, scheme.Light) is DARK


def _painted(shown: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> QColor:
    """The colour at the middle of the play triangle, painted as a button would."""
    image = QImage(QSize(24, 24), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    shown.paint(painter, image.rect(), Qt.AlignmentFlag.AlignCenter, mode)
    painter.end()
    return image.pixelColor(12, 12)


def test_icons_are_tinted_when_painted_so_one_icon_follows_a_switch(themed_app):
    play, on_accent = icon("play"), icon("play", on_accent=True)
    assert _painted(play) == _c(DARK.text)
    apply_theme(themed_app, LIGHT)
    assert _painted(play) == _c(LIGHT.text)  # the same QIcon, painted again
    assert _painted(on_accent) == _c(LIGHT.on_accent)
    assert _painted(play, QIcon.Mode.Disabled) == _c(LIGHT.text_faint)
    assert _painted(icon("app")) == icon("app").pixmap(24, 24).toImage().pixelColor(12, 12)  # brand colours stay


def test_a_copy_of_a_tinted_icon_that_detaches_keeps_painting(themed_app):
    """Adding a pixmap to a copy makes Qt clone the engine; a clone freed by Python crashed here."""
    for _ in range(3):
        original = icon("play")
        detached = QIcon(original)
        detached.addPixmap(QPixmap(8, 8), QIcon.Mode.Active)
        gc.collect()
        assert _painted(detached) == _c(DARK.text)  # the cloned engine paints the Normal mode
        del detached, original
        gc.collect()
    QIcon(icon("play")).addPixmap(QPixmap(8, 8), QIcon.Mode.Active)  # one more clone; Qt deleted the others
    assert len(_CLONES) <= 1  # so they are let go


def test_the_follower_applies_the_setting_and_the_system_scheme_at_once(themed_app):
    settings = Settings(config_dir() / "settings.json")
    follower = ThemeFollower(themed_app, settings)
    try:
        assert current_palette() is DARK  # offscreen the system scheme is unknown
        hints = themed_app.styleHints()
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)  # the desktop switched to light
        assert current_palette() is LIGHT
        assert themed_app.palette().color(themed_app.palette().ColorRole.Window) == _c(LIGHT.background)
        settings.set("theme", ThemeChoice.DARK)  # the user's choice wins over the system's
        assert current_palette() is DARK
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert current_palette() is DARK
        settings.set("theme", ThemeChoice.SYSTEM)
        assert current_palette() is LIGHT
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Unknown)
        assert current_palette() is DARK
    finally:
        follower.deleteLater()


def test_choosing_light_in_settings_repaints_the_window_at_once(themed_app, make_window, qtbot):
    window = make_window()
    follower = ThemeFollower(themed_app, window.settings)
    try:
        assert window.grab().toImage().pixelColor(2, 300) == _c(DARK.background)
        dialog = SettingsDialog(window.settings)
        qtbot.addWidget(dialog)
        assert [dialog.theme.itemText(i) for i in range(dialog.theme.count())] == ["System", "Light", "Dark"]
        assert dialog.theme.currentData() == ThemeChoice.SYSTEM
        dialog.theme.setCurrentIndex(dialog.theme.findData(ThemeChoice.LIGHT))
        window.apply_settings(dialog.apply(), window.settings.get("library_folders"))
        qtbot.wait(50)
        image = window.grab().toImage()
        assert image.pixelColor(2, 300) == _c(LIGHT.background)
        bars = window.emotion_panel.bars
        corner = bars.mapTo(window, bars.rect().topRight())
        assert image.pixelColor(corner.x() - 1, corner.y() + 1) == _c(LIGHT.surface)  # painted by the bars
    finally:
        follower.deleteLater()


def test_painted_bars_and_coloured_labels_follow_a_switch(themed_app, qtbot):
    panel = EmotionPanel()
    qtbot.addWidget(panel)
    panel.resize(360, 420)
    panel.show()
    panel.show_manual("happy")
    assert DARK.moods["happy"].lower() in panel.reason.text().lower()
    bars: EmotionBars = panel.bars
    assert bars.grab().toImage().pixelColor(bars.width() - 2, 2) == _c(DARK.surface)
    apply_theme(themed_app, LIGHT)
    assert LIGHT.moods["happy"].lower() in panel.reason.text().lower()
    assert DARK.moods["happy"].lower() not in panel.reason.text().lower()
    assert bars.grab().toImage().pixelColor(bars.width() - 2, 2) == _c(LIGHT.surface)
    panel.show_reason("a plain reason")  # plain text shown since is not overwritten by a later switch
    apply_theme(themed_app, DARK)
    assert "a plain reason" in panel.reason.text()
