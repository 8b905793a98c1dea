"""Measures how long the GUI thread goes without running its event loop.

A QTimer ticks every ``interval_ms``; the gap between two ticks minus the interval is how long the loop
was blocked (painting, a slow slot, work that should have gone to a thread). The monitor keeps the
longest stall and a small histogram, and is cheap enough to leave on in a benchmark run.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer


@dataclass(frozen=True)
class StallReport:
    ticks: int
    seconds: float
    longest_stall_ms: float
    mean_gap_ms: float
    stalls_over_50ms: int
    stalls_over_100ms: int
    worst: tuple[tuple[float, float], ...] = ()
    """Up to ten (seconds since start, stall ms) of the longest stalls, in time order."""

    def summary(self) -> str:
        return (f"{self.ticks} ticks over {self.seconds:.1f} s: longest GUI stall {self.longest_stall_ms:.1f} ms, "
                f"mean tick gap {self.mean_gap_ms:.1f} ms, stalls >50 ms: {self.stalls_over_50ms}, "
                f">100 ms: {self.stalls_over_100ms}")


class StallMonitor(QObject):
    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._reset()

    def _reset(self) -> None:
        self._started = 0.0
        self._last = 0.0
        self._ticks = 0
        self._gap_total = 0.0
        self._longest = 0.0
        self._over_50 = 0
        self._over_100 = 0
        self._worst: list[tuple[float, float]] = []

    def start(self) -> None:
        self._reset()
        self._started = self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> StallReport:
        self._timer.stop()
        return self.report()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap_ms = (now - self._last) * 1000.0
        self._last = now
        self._ticks += 1
        self._gap_total += gap_ms
        stall = max(0.0, gap_ms - self.interval_ms)
        self._longest = max(self._longest, stall)
        self._over_50 += stall > 50
        self._over_100 += stall > 100
        if stall > 20:
            self._worst.append((now - self._started, stall))
            if len(self._worst) > 10:
                self._worst.remove(min(self._worst, key=lambda item: item[1]))

    def report(self) -> StallReport:
        return StallReport(
            ticks=self._ticks,
            seconds=(self._last - self._started) if self._ticks else 0.0,
            longest_stall_ms=self._longest,
            mean_gap_ms=self._gap_total / self._ticks if self._ticks else 0.0,
            stalls_over_50ms=self._over_50,
            stalls_over_100ms=self._over_100,
            worst=tuple(self._worst),
        )
