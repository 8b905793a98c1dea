"""Icons from ``assets/icons/``, tinted to the palette in force each time they are painted.

The SVGs are drawn in the dark palette's colours (text, dim text, control outline, background,
danger). An icon's engine swaps those for the current palette's when it paints, so one ``QIcon``
set on a button at start shows right in either theme and follows a switch without being set again.
The brand colours of the app icon are none of those roles and stay as drawn.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyle, QWidget
from shiboken6 import Shiboken

from emotune.paths import PACKAGE_ROOT, data_dir
from emotune.ui.palette import DARK, Palette, current_palette

ASSETS_DIR = PACKAGE_ROOT / "assets" if (PACKAGE_ROOT / "assets").exists() else PACKAGE_ROOT.parent / "assets"
ICONS_DIR = ASSETS_DIR / "icons"
TINTED_ROLES = ("text", "text_dim", "control_border", "background", "danger")
STYLE_SHEET_ICONS = ("chevron-down", "chevron-up", "check")
"""Icons the style sheet names by file (``image: url(…)``): written tinted for palettes other than dark."""
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def tinted_svg(svg: str, palette: Palette, *, on_accent: bool = False, disabled: bool = False) -> str:
    """``svg`` with the dark palette's colours replaced by ``palette``'s, in one pass.

    ``on_accent`` draws text-coloured parts in the colour that reads on an accent fill;
    ``disabled`` draws them faint, as disabled text is."""
    mapping = {getattr(DARK, role).upper(): getattr(palette, role) for role in TINTED_ROLES}
    ink = palette.on_accent if on_accent else palette.text_faint if disabled else None
    if ink is not None:
        mapping[DARK.text.upper()] = mapping[DARK.text_dim.upper()] = ink
    return _HEX.sub(lambda match: mapping.get(match.group().upper(), match.group()), svg)


class TintedIconEngine(QIconEngine):
    """Paints one SVG in the palette in force (renderers kept per palette and mode)."""

    def __init__(self, svg: str, on_accent: bool = False) -> None:
        super().__init__()
        self._svg = svg
        self._on_accent = on_accent
        self._renderers: dict[tuple[str, bool], QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        palette, disabled = current_palette(), mode == QIcon.Mode.Disabled
        key = (palette.name.value, disabled)
        if key not in self._renderers:
            text = tinted_svg(self._svg, palette, on_accent=self._on_accent, disabled=disabled)
            self._renderers[key] = QSvgRenderer(QByteArray(text.encode("utf-8")))
        return self._renderers[key]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self.paint(painter, image.rect(), mode, state)
        painter.end()
        return QPixmap.fromImage(image)

    def clone(self) -> QIconEngine:
        """A copy for a ``QIcon`` that detaches (``addPixmap`` on a copy, say), kept alive for Qt.

        PySide6 leaves an engine made here owned by Python, which would free it on return while the
        detached icon still paints with it (a crash). It is held in ``_CLONES`` until Qt deletes it;
        its wrapper then reads invalid and is dropped at the next clone."""
        _CLONES.difference_update([engine for engine in _CLONES if not Shiboken.isValid(engine)])
        engine = TintedIconEngine(self._svg, self._on_accent)
        _CLONES.add(engine)
        return engine


_CLONES: set[TintedIconEngine] = set()


def icon(name: str, fallback: QStyle.StandardPixmap | None = None, *, on_accent: bool = False) -> QIcon:
    """``assets/icons/<name>.svg`` tinted to the theme (``on_accent``: for a button filled with the
    accent), or a standard style icon when the file is missing."""
    path = ICONS_DIR / f"{name}.svg"
    if path.exists():
        return QIcon(TintedIconEngine(path.read_text(encoding="utf-8"), on_accent))
    app = QApplication.instance()
    if fallback is not None and app is not None:
        return app.style().standardIcon(fallback)
    return QIcon()


def style_sheet_icon_dir(palette: Palette) -> Path:
    """Where the style sheet finds its arrows and check mark in ``palette``'s colours.

    A style sheet can only name files, so the tinted copies are written beside the user's data
    (rewritten only when they differ); the dark ones are the shipped files themselves."""
    if palette is DARK:
        return ICONS_DIR
    folder = data_dir() / "theme-icons" / palette.name.value
    folder.mkdir(parents=True, exist_ok=True)
    for name in STYLE_SHEET_ICONS:
        text = tinted_svg((ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8"), palette)
        target = folder / f"{name}.svg"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    return folder


class IconView(QWidget):
    """A fixed-size icon that is painted, not cached as a pixmap, so it follows a change of theme."""

    def __init__(self, shown: QIcon, size: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown = shown
        self.setFixedSize(size)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self.shown.paint(painter, self.rect())
