"""One line of text that changes often (a confidence figure, the camera's frame rate) without relaying
the window out.

A QLabel asks its layout for room on every new text, and in the scrolling left column each such
request lays out every card again, word-wrapped rich text included (about 2 ms of the GUI thread).
This widget's size never depends on its text: it takes the width its layout gives it, is one line
tall, ends in "…" when the text does not fit, and a new text only repaints it.
"""
from __future__ import annotations

import enum

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from emotune.ui.palette import current_palette


class Tone(enum.Enum):
    """Which of the palette's text colours it is painted in (as the Dim and Faint labels are)."""

    DIM = "text_dim"
    FAINT = "text_faint"


class LiveText(QWidget):
    def __init__(self, text: str = "", tone: Tone = Tone.DIM, width_hint: str = "",
                 alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, parent: QWidget | None = None) -> None:
        """``width_hint``: a typical text, for the width the widget asks for (it may get less or more)."""
        super().__init__(parent)
        self._text = text
        self._tone = tone
        self._width_hint = width_hint or text
        self._alignment = alignment
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._update_tip()
            self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def _update_tip(self) -> None:
        """The whole text as tooltip while it is cut short."""
        cut = self.fontMetrics().horizontalAdvance(self._text) > self.width()
        self.setToolTip(self._text if cut else "")

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._width_hint), metrics.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(QColor(getattr(current_palette(), self._tone.value)))
        shown = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignVCenter | self._alignment, shown)
