"""The look of the app: the style sheet and Qt palette built from a ``Palette``, and painting helpers.

``icon`` is re-exported from ``themed_icon`` so widgets find everything about the look in one place.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from emotune.ui.palette import DARK, SCHEME_PROPERTY, Palette, current_palette
from emotune.ui.themed_icon import icon, style_sheet_icon_dir

__all__ = ["apply_theme", "icon", "mood_color", "rounded_tile_painter", "style_sheet"]


def rounded_tile_painter(widget: QWidget, fill: str, radius: float = 8.0, backdrop: str | None = None) -> QPainter:
    """A smooth painter on ``widget`` clipped to a rounded tile already filled with ``fill`` (preview, cover art).

    With ``backdrop`` (the colour behind the tile) the corners are painted too, so the widget can be
    opaque: its repaints then leave the window behind it alone."""
    painter = QPainter(widget)
    if backdrop is not None:
        painter.fillRect(widget.rect(), QColor(backdrop))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    clip = QPainterPath()
    clip.addRoundedRect(QRectF(widget.rect()), radius, radius)
    painter.setClipPath(clip)
    painter.fillRect(widget.rect(), QColor(fill))
    return painter


def mood_color(mood: str | None) -> QColor:
    """A mood's or an emotion's colour in the palette in force (faint for none)."""
    palette = current_palette()
    return QColor(palette.moods.get(mood or "", palette.emotions.get(mood or "", palette.text_faint)))


def style_sheet(p: Palette) -> str:
    """The application's style sheet in palette ``p``'s colours."""
    icons = style_sheet_icon_dir(p).as_posix()
    return f"""
QWidget {{ color: {p.text}; }}
QMainWindow, QDialog {{ background: {p.background}; }}
QToolTip {{ background: {p.raised}; color: {p.text}; border: 1px solid {p.border}; padding: 4px; }}
QFrame#Card {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 10px; }}
QFrame#NowPlayingBar {{ background: {p.surface}; border-top: 1px solid {p.border}; }}
QLabel#CardTitle {{ color: {p.text_dim}; font-weight: 600; letter-spacing: 1px; }}
QLabel#Dim {{ color: {p.text_dim}; }}
QLabel#Faint {{ color: {p.text_faint}; }}
QLabel#TrackTitle {{ font-size: 15px; font-weight: 600; }}
QLabel#EmptyTitle {{ font-size: 20px; font-weight: 600; }}
QLabel#MoodHeadline {{ font-size: 17px; font-weight: 600; }}
QPushButton {{
    background: {p.raised}; border: 1px solid {p.border}; border-radius: 7px; padding: 6px 12px;
}}
QPushButton:hover {{ background: {p.hover}; }}
QPushButton:pressed {{ background: {p.pressed}; }}
QPushButton:checked {{ background: {p.accent}; border-color: {p.accent}; color: {p.on_accent}; }}
QPushButton:disabled {{ color: {p.text_faint}; }}
QPushButton#Primary {{ background: {p.accent}; border-color: {p.accent}; color: {p.on_accent}; font-weight: 600; }}
QPushButton#Primary:hover {{ background: {p.accent_hover}; }}
QToolButton {{ background: transparent; border: none; border-radius: 18px; padding: 6px; }}
QToolButton:hover {{ background: {p.raised}; }}
QToolButton:checked {{ background: {p.accent_soft}; }}
QToolButton#PlayButton {{ background: {p.accent}; border-radius: 22px; }}
QToolButton#PlayButton:hover {{ background: {p.accent_hover}; }}
QToolButton#Segment {{ border: 1px solid {p.border}; border-radius: 7px; padding: 5px 10px; color: {p.text_dim}; }}
QToolButton#Segment:checked {{ background: {p.accent}; border-color: {p.accent}; color: {p.on_accent}; }}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox {{
    background: {p.raised}; border: 1px solid {p.border}; border-radius: 7px; padding: 5px 8px;
    selection-background-color: {p.accent};
}}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{ border-color: {p.accent}; }}
QSpinBox, QDoubleSpinBox {{ padding-right: 22px; }}
QSpinBox::up-button, QDoubleSpinBox::up-button {{
    subcontrol-origin: border; subcontrol-position: top right; width: 20px; border: none; background: transparent;
}}
QSpinBox::down-button, QDoubleSpinBox::down-button {{
    subcontrol-origin: border; subcontrol-position: bottom right; width: 20px; border: none; background: transparent;
}}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ image: url("{icons}/chevron-up.svg"); width: 10px; height: 10px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{ image: url("{icons}/chevron-down.svg"); width: 10px; height: 10px; }}
QComboBox::drop-down {{ border: none; width: 22px; }}
QComboBox::down-arrow {{ image: url("{icons}/chevron-down.svg"); width: 10px; height: 10px; }}
QComboBox QAbstractItemView {{
    background: {p.raised}; border: 1px solid {p.border}; selection-background-color: {p.accent};
    selection-color: {p.on_accent};
}}
QTableView, QListWidget, QTreeView {{
    background: {p.surface}; alternate-background-color: {p.alternate_base}; border: 1px solid {p.border};
    border-radius: 10px;
    gridline-color: transparent; selection-background-color: {p.selection}; selection-color: {p.text};
}}
QTableView::item {{ padding: 0 6px; border: none; }}
QHeaderView::section {{
    background: {p.surface}; color: {p.text_dim}; border: none; border-bottom: 1px solid {p.border};
    padding: 6px 8px; font-weight: 600;
}}
QSlider::groove:horizontal {{ height: 4px; background: {p.border}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {p.accent}; border-radius: 2px; }}
QSlider::handle:horizontal {{ background: {p.slider_handle}; width: 12px; height: 12px; margin: -4px 0; border-radius: 6px; }}
QProgressBar {{ background: {p.raised}; border: none; border-radius: 4px; height: 8px; text-align: center; color: transparent; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: 4px; }}
QStatusBar {{ background: {p.background}; color: {p.text_dim}; border-top: 1px solid {p.border}; }}
QStatusBar::item {{ border: none; }}
QSplitter::handle {{ background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {p.scrollbar}; border-radius: 4px; min-height: 30px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle:horizontal {{ background: {p.scrollbar}; border-radius: 4px; min-width: 30px; }}
QTabWidget::pane {{ border: 1px solid {p.border}; border-radius: 8px; top: -1px; }}
QTabBar::tab {{ background: transparent; color: {p.text_dim}; padding: 7px 14px; border: none; }}
QTabBar::tab:selected {{ color: {p.text}; border-bottom: 2px solid {p.accent}; }}
QMenu {{ background: {p.raised}; border: 1px solid {p.border}; padding: 4px; }}
QMenu::item {{ padding: 5px 22px; border-radius: 5px; }}
QMenu::item:selected {{ background: {p.accent}; color: {p.on_accent}; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 14px; height: 14px; border: 1px solid {p.control_border}; background: {p.raised};
}}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator {{ border-radius: 8px; }}
QCheckBox::indicator:checked {{ background: {p.accent}; border-color: {p.accent}; image: url("{icons}/check.svg"); }}
QRadioButton::indicator:checked {{
    border-color: {p.accent};
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
                                stop: 0 {p.on_accent}, stop: 0.38 {p.on_accent}, stop: 0.5 {p.accent}, stop: 1 {p.accent});
}}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {p.accent}; }}
"""


def apply_theme(app: QApplication, palette: Palette = DARK) -> None:
    """Fusion style, ``palette`` as the Qt palette and the style sheet; run again to switch theme.

    Widgets that paint themselves read the palette named on the application (``current_palette``), and
    setting the style sheet repaints every widget, so a switch shows at once."""
    app.setStyle("Fusion")
    app.setProperty(SCHEME_PROPERTY, palette.name.value)
    qt_palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: palette.background, QPalette.ColorRole.WindowText: palette.text,
        QPalette.ColorRole.Base: palette.surface, QPalette.ColorRole.AlternateBase: palette.alternate_base,
        QPalette.ColorRole.Text: palette.text, QPalette.ColorRole.Button: palette.raised,
        QPalette.ColorRole.ButtonText: palette.text, QPalette.ColorRole.Highlight: palette.accent,
        QPalette.ColorRole.HighlightedText: palette.on_accent, QPalette.ColorRole.ToolTipBase: palette.raised,
        QPalette.ColorRole.ToolTipText: palette.text, QPalette.ColorRole.PlaceholderText: palette.text_faint,
        QPalette.ColorRole.Link: palette.accent, QPalette.ColorRole.Mid: palette.border,
        QPalette.ColorRole.Dark: palette.background,
    }
    for role, color in roles.items():
        qt_palette.setColor(role, QColor(color))
    qt_palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(palette.text_faint))
    qt_palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(palette.text_faint))
    app.setPalette(qt_palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(style_sheet(palette))
    app.setWindowIcon(icon("app"))
