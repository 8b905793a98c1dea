"""The look of the app: one dark palette, the mood/emotion colours, a style sheet and the icon loader."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from emotune.paths import PACKAGE_ROOT

ASSETS_DIR = PACKAGE_ROOT / "assets" if (PACKAGE_ROOT / "assets").exists() else PACKAGE_ROOT.parent / "assets"

BACKGROUND = "#15171C"
SURFACE = "#1C1F26"
RAISED = "#252932"
BORDER = "#2E333D"
TEXT = "#E6E8EC"
TEXT_DIM = "#9AA1AD"
TEXT_FAINT = "#646B78"
ACCENT = "#8B7BFF"
DANGER = "#E5484D"

MOOD_COLORS: dict[str, str] = {
    "happy": "#F5C542",
    "energetic": "#FF8A4C",
    "calm": "#4FC3A1",
    "sad": "#5B8DEF",
    "angry": "#E5484D",
}
EMOTION_COLORS: dict[str, str] = {
    "angry": "#E5484D",
    "disgust": "#8DB43E",
    "fear": "#A07BE0",
    "happy": "#F5C542",
    "sad": "#5B8DEF",
    "surprise": "#F08CC0",
    "neutral": "#9AA4B2",
}


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
    return QColor(MOOD_COLORS.get(mood or "", EMOTION_COLORS.get(mood or "", TEXT_FAINT)))


def icon(name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    """An icon from ``assets/icons/<name>.svg``, or a standard style icon when the file is missing."""
    path = ASSETS_DIR / "icons" / f"{name}.svg"
    if path.exists():
        return QIcon(str(path))
    app = QApplication.instance()
    if fallback is not None and app is not None:
        return app.style().standardIcon(fallback)
    return QIcon()


def icon_path(name: str) -> Path:
    return ASSETS_DIR / "icons" / f"{name}.svg"


ICON_URL = (ASSETS_DIR / "icons").as_posix()

STYLE_SHEET = f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QToolTip {{ background: {RAISED}; color: {TEXT}; border: 1px solid {BORDER}; padding: 4px; }}
QFrame#Card {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QFrame#NowPlayingBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; }}
QLabel#CardTitle {{ color: {TEXT_DIM}; font-weight: 600; letter-spacing: 1px; }}
QLabel#Dim {{ color: {TEXT_DIM}; }}
QLabel#Faint {{ color: {TEXT_FAINT}; }}
QLabel#TrackTitle {{ font-size: 15px; font-weight: 600; }}
QLabel#EmptyTitle {{ font-size: 20px; font-weight: 600; }}
QLabel#MoodHeadline {{ font-size: 17px; font-weight: 600; }}
QPushButton {{
    background: {RAISED}; border: 1px solid {BORDER}; border-radius: 7px; padding: 6px 12px;
}}
QPushButton:hover {{ background: #2F3440; }}
QPushButton:pressed {{ background: #22262E; }}
QPushButton:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: #ffffff; }}
QPushButton:disabled {{ color: {TEXT_FAINT}; }}
QPushButton#Primary {{ background: {ACCENT}; border-color: {ACCENT}; color: #ffffff; font-weight: 600; }}
QPushButton#Primary:hover {{ background: #9B8DFF; }}
QToolButton {{ background: transparent; border: none; border-radius: 18px; padding: 6px; }}
QToolButton:hover {{ background: {RAISED}; }}
QToolButton:checked {{ background: #342F5C; }}
QToolButton#PlayButton {{ background: {ACCENT}; border-radius: 22px; }}
QToolButton#PlayButton:hover {{ background: #9B8DFF; }}
QToolButton#Segment {{ border: 1px solid {BORDER}; border-radius: 7px; padding: 5px 10px; color: {TEXT_DIM}; }}
QToolButton#Segment:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: #ffffff; }}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox {{
    background: {RAISED}; border: 1px solid {BORDER}; border-radius: 7px; padding: 5px 8px;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{ border-color: {ACCENT}; }}
QSpinBox, QDoubleSpinBox {{ padding-right: 22px; }}
QSpinBox::up-button, QDoubleSpinBox::up-button {{
    subcontrol-origin: border; subcontrol-position: top right; width: 20px; border: none; background: transparent;
}}
QSpinBox::down-button, QDoubleSpinBox::down-button {{
    subcontrol-origin: border; subcontrol-position: bottom right; width: 20px; border: none; background: transparent;
}}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ image: url("{ICON_URL}/chevron-up.svg"); width: 10px; height: 10px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{ image: url("{ICON_URL}/chevron-down.svg"); width: 10px; height: 10px; }}
QComboBox::drop-down {{ border: none; width: 22px; }}
QComboBox::down-arrow {{ image: url("{ICON_URL}/chevron-down.svg"); width: 10px; height: 10px; }}
QComboBox QAbstractItemView {{ background: {RAISED}; border: 1px solid {BORDER}; selection-background-color: {ACCENT}; }}
QTableView, QListWidget, QTreeView {{
    background: {SURFACE}; alternate-background-color: #20232B; border: 1px solid {BORDER}; border-radius: 10px;
    gridline-color: transparent; selection-background-color: #3A3470; selection-color: {TEXT};
}}
QTableView::item {{ padding: 0 6px; border: none; }}
QHeaderView::section {{
    background: {SURFACE}; color: {TEXT_DIM}; border: none; border-bottom: 1px solid {BORDER};
    padding: 6px 8px; font-weight: 600;
}}
QSlider::groove:horizontal {{ height: 4px; background: {BORDER}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {ACCENT}; border-radius: 2px; }}
QSlider::handle:horizontal {{ background: #ffffff; width: 12px; height: 12px; margin: -4px 0; border-radius: 6px; }}
QProgressBar {{ background: {RAISED}; border: none; border-radius: 4px; height: 8px; text-align: center; color: transparent; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 4px; }}
QStatusBar {{ background: {BACKGROUND}; color: {TEXT_DIM}; border-top: 1px solid {BORDER}; }}
QStatusBar::item {{ border: none; }}
QSplitter::handle {{ background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: #3A3F4B; border-radius: 4px; min-height: 30px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle:horizontal {{ background: #3A3F4B; border-radius: 4px; min-width: 30px; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; border-radius: 8px; top: -1px; }}
QTabBar::tab {{ background: transparent; color: {TEXT_DIM}; padding: 7px 14px; border: none; }}
QTabBar::tab:selected {{ color: {TEXT}; border-bottom: 2px solid {ACCENT}; }}
QMenu {{ background: {RAISED}; border: 1px solid {BORDER}; padding: 4px; }}
QMenu::item {{ padding: 5px 22px; border-radius: 5px; }}
QMenu::item:selected {{ background: {ACCENT}; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 14px; height: 14px; border: 1px solid #5A6170; background: {RAISED};
}}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator {{ border-radius: 8px; }}
QCheckBox::indicator:checked {{ background: {ACCENT}; border-color: {ACCENT}; image: url("{ICON_URL}/check.svg"); }}
QRadioButton::indicator:checked {{
    border-color: {ACCENT};
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
                                stop: 0 #ffffff, stop: 0.38 #ffffff, stop: 0.5 {ACCENT}, stop: 1 {ACCENT});
}}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {ACCENT}; }}
"""


def apply_theme(app: QApplication) -> None:
    """Fusion style, the dark palette and the style sheet, set once on the application."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: BACKGROUND, QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: SURFACE, QPalette.ColorRole.AlternateBase: "#20232B",
        QPalette.ColorRole.Text: TEXT, QPalette.ColorRole.Button: RAISED, QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: ACCENT, QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: RAISED, QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: TEXT_FAINT, QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.Mid: BORDER, QPalette.ColorRole.Dark: BACKGROUND,
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(TEXT_FAINT))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(TEXT_FAINT))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    app.setWindowIcon(icon("app"))
