"""The last minutes at a glance: what mood the app saw, and what it played, on one time axis.

:class:`MoodHistory` is plain data (changes only, trimmed to the window); :class:`MoodTimeline` paints it
once a second, or sooner when something changed, never more than a few times a second.
"""
from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from emotune.ui.palette import current_palette
from emotune.ui.theme import mood_color

Clock = Callable[[], float]


@dataclass
class PlayedSegment:
    start: float
    end: float | None  # None while playing
    title: str
    mood: str


SEEN_STALE_S = 1.5
"""The Seen lane stops this long after the last reading: readings come several times a second while
the camera runs (faceless ones too, until the mood has relaxed), so a lane that is not fed has stopped."""


class MoodHistory:
    """Mood changes as seen by the camera and tracks as played, for the last ``window_s`` seconds."""

    def __init__(self, window_s: float = 300.0, clock: Clock = time.monotonic) -> None:
        self.window_s = window_s
        self.clock = clock
        self.seen: deque[tuple[float, str | None]] = deque()  # (time, mood or None when no face)
        self.played: deque[PlayedSegment] = deque()
        self.seen_until: float | None = None  # time of the latest reading, changed or not

    def add_seen(self, mood: str | None, t: float | None = None) -> bool:
        """Record the mood now; returns whether it differs from the last one (only changes are kept)."""
        t = self.clock() if t is None else t
        gap = self.seen_until is not None and t - self.seen_until > SEEN_STALE_S
        if gap and self.seen and self.seen[-1][1] is not None:  # readings stopped for a while: no mood then
            self.seen.append((self.seen_until, None))
        self.seen_until = t
        if self.seen and self.seen[-1][1] == mood:
            return False
        self.seen.append((t, mood))
        self._trim(t)
        return True

    def start_track(self, title: str, mood: str, t: float | None = None) -> None:
        t = self.clock() if t is None else t
        self.stop_track(t)
        self.played.append(PlayedSegment(t, None, title, mood))
        self._trim(t)

    def stop_track(self, t: float | None = None) -> None:
        if self.played and self.played[-1].end is None:
            self.played[-1].end = self.clock() if t is None else t

    def first_time(self) -> float | None:
        times = ([self.seen[0][0]] if self.seen else []) + ([self.played[0].start] if self.played else [])
        return min(times) if times else None

    def seen_spans(self, now: float) -> list[tuple[float, float, str | None]]:
        """(start, end, mood) spans; the last one ends at the latest reading once readings stopped."""
        spans = []
        items = list(self.seen)
        for i, (start, mood) in enumerate(items):
            end = items[i + 1][0] if i + 1 < len(items) else now
            spans.append((start, end, mood))
        if spans and self.seen_until is not None and now - self.seen_until > SEEN_STALE_S:
            start, _, mood = spans[-1]
            spans[-1] = (start, max(start, self.seen_until), mood)
        return spans

    def _trim(self, now: float) -> None:
        horizon = now - self.window_s
        while len(self.seen) > 1 and self.seen[1][0] < horizon:
            self.seen.popleft()
        while self.played and self.played[0].end is not None and self.played[0].end < horizon:
            self.played.popleft()


LANE_HEIGHT = 18
LABEL_WIDTH = 58


class MoodTimeline(QWidget):
    def __init__(self, history: MoodHistory, max_fps: float = 4.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self._dirty = True
        self._min_interval = 1.0 / max_fps
        self._last_paint = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(LANE_HEIGHT * 2 + 34)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def sizeHint(self) -> QSize:
        return QSize(600, LANE_HEIGHT * 2 + 34)

    def mark_changed(self) -> None:
        self._dirty = True

    def _tick(self) -> None:
        now = time.monotonic()
        # The axis scrolls, so repaint at least once a second; sooner (at most max_fps) after a change.
        if (self._dirty and now - self._last_paint >= self._min_interval) or now - self._last_paint >= 1.0:
            self._dirty = False
            self._last_paint = now
            self.update()

    def paintEvent(self, event) -> None:
        palette = current_palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        now = self.history.clock()
        window = self.span(now)
        left, right = float(LABEL_WIDTH), float(self.width() - 8)
        width = max(1.0, right - left)

        def x_of(t: float) -> float:
            return left + width * (1.0 - (now - t) / window)

        lanes = (("Seen", 6.0), ("Played", 6.0 + LANE_HEIGHT + 6))
        for name, y in lanes:
            painter.setPen(QColor(palette.text_dim))
            painter.drawText(QRectF(0, y, LABEL_WIDTH - 8, LANE_HEIGHT), Qt.AlignmentFlag.AlignVCenter, name)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.border))
            painter.drawRoundedRect(QRectF(left, y, width, LANE_HEIGHT), 4, 4)
        seen_y, played_y = lanes[0][1], lanes[1][1]
        painter.setClipRect(QRectF(left, 0, width, self.height()))
        for start, end, mood in self.history.seen_spans(now):
            if mood is None or end <= now - window:
                continue
            x0, x1 = max(left, x_of(start)), x_of(end)
            painter.setBrush(mood_color(mood))
            painter.drawRoundedRect(QRectF(x0, seen_y + 2, max(2.0, x1 - x0), LANE_HEIGHT - 4), 3, 3)
        for segment in self.history.played:
            end = segment.end if segment.end is not None else now
            if end <= now - window:
                continue
            x0, x1 = max(left, x_of(segment.start)), x_of(end)
            rect = QRectF(x0 + 1, played_y + 2, max(2.0, x1 - x0 - 2), LANE_HEIGHT - 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mood_color(segment.mood))
            painter.drawRoundedRect(rect, 3, 3)
            if rect.width() > 40:
                painter.setPen(QColor(palette.on_mood))
                painter.drawText(rect.adjusted(5, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter,
                                 painter.fontMetrics().elidedText(segment.title, Qt.TextElideMode.ElideRight,
                                                                  int(rect.width() - 8)))
        painter.setClipping(False)
        axis_y = played_y + LANE_HEIGHT + 4
        painter.setPen(QPen(QColor(palette.text_faint)))
        step = 15 if window <= 120 else 60
        for i in range(int(window // step) + 1):
            ago = i * step
            x = x_of(now - ago)
            label = "now" if ago == 0 else (f"−{ago} s" if step < 60 else f"−{ago // 60} min")
            align = Qt.AlignmentFlag.AlignRight if ago == 0 else Qt.AlignmentFlag.AlignHCenter
            box = QRectF(x - 60 if ago == 0 else x - 30, axis_y, 60, 14)
            painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, label)

    def span(self, now: float) -> float:
        """Seconds shown: from one minute, growing by the minute with the history, up to the window."""
        first = self.history.first_time()
        elapsed = now - first if first is not None else 0.0
        return float(min(self.history.window_s, max(60, math.ceil(elapsed / 60) * 60)))
