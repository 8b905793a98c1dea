"""Seven horizontal bars, one per facial emotion, painted with QPainter.

The bar is the smoothed probability; a thin marker shows the raw value of the latest frame, so the
listener sees both what the app believes and how jumpy the single frames are. New values are only
stored; a single-shot timer repaints at most ``max_fps`` times a second whatever the camera rate,
and does not wake the GUI thread while nothing changes. The texts are laid out once (QStaticText):
laying out 14 short strings on every paint was most of its 1.1 ms.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QStaticText
from PySide6.QtWidgets import QSizePolicy, QWidget

from emotune.mood_space import EMOTIONS
from emotune.ui.palette import current_palette

ROW_HEIGHT = 22
MAX_ROW_HEIGHT = 30
LABEL_WIDTH = 70
VALUE_WIDTH = 40


class EmotionBars(QWidget):
    def __init__(self, max_fps: float = 15.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.smoothed: tuple[float, ...] = (0.0,) * len(EMOTIONS)
        self.raw: tuple[float, ...] | None = None
        self.face_seen = False
        self.paint_count = 0
        self._texts: dict[str, QStaticText] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(1000 / max_fps))
        self._timer.timeout.connect(self.update)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(ROW_HEIGHT * len(EMOTIONS))
        # Repainted up to 15 times a second: it fills its own background (the card's), so the card and
        # the window beneath are left alone.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(300, ROW_HEIGHT * len(EMOTIONS))

    def set_probabilities(self, smoothed: Sequence[float], raw: Sequence[float] | None) -> None:
        """Store the latest values; they are painted on the next timer tick."""
        self.smoothed = tuple(float(v) for v in smoothed)
        self.raw = tuple(float(v) for v in raw) if raw is not None else None
        self.face_seen = raw is not None
        if not self._timer.isActive():
            self._timer.start()

    def clear(self) -> None:
        self.set_probabilities((0.0,) * len(EMOTIONS), None)

    def _text(self, text: str) -> QStaticText:
        """``text`` laid out once; the values are at most 101 strings ("0%" to "100%") and the names 7."""
        static = self._texts.get(text)
        if static is None:
            static = self._texts[text] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
        return static

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.FontChange:
            self._texts.clear()  # laid out in the old font
        super().changeEvent(event)

    def paintEvent(self, event) -> None:
        self.paint_count += 1
        palette = current_palette()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(palette.surface))  # opaque: see __init__
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        row_height = min(MAX_ROW_HEIGHT, max(ROW_HEIGHT, self.height() / len(EMOTIONS)))
        top = 0.0
        bar_left = LABEL_WIDTH
        bar_width = max(10.0, self.width() - LABEL_WIDTH - VALUE_WIDTH - 6)
        strongest = max(range(len(EMOTIONS)), key=lambda i: self.smoothed[i]) if any(self.smoothed) else -1
        for i, name in enumerate(EMOTIONS):
            y = top + i * row_height
            value = min(1.0, max(0.0, self.smoothed[i]))
            color = QColor(palette.emotions[name])
            if not self.face_seen:
                color.setAlpha(110)
            painter.setPen(QColor(palette.text if i == strongest else palette.text_dim))
            label = self._text(name.title())
            text_top = y + (row_height - label.size().height()) / 2
            painter.drawStaticText(QPointF(0, text_top), label)
            track = QRectF(bar_left, y + row_height / 2 - 5, bar_width, 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.border))
            painter.drawRoundedRect(track, 5, 5)
            if value > 0.005:
                painter.setBrush(color)
                painter.drawRoundedRect(QRectF(track.left(), track.top(), max(10.0, track.width() * value), 10), 5, 5)
            if self.raw is not None:
                x = track.left() + track.width() * min(1.0, max(0.0, self.raw[i]))
                marker = QColor(palette.tick)
                marker.setAlpha(170)
                painter.setPen(QPen(marker, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawLine(int(x), int(track.top() - 3), int(x), int(track.bottom() + 3))
            painter.setPen(QColor(palette.text if i == strongest else palette.text_dim))
            figure = self._text(f"{round(value * 100)}%")
            painter.drawStaticText(QPointF(self.width() - figure.size().width(), text_top), figure)
