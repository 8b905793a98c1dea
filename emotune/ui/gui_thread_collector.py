"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects whenever any thread has allocated enough, so a QObject caught in a reference cycle
(a player bridge and its player, a controller and the lambdas it connected) can be deleted on the
camera thread or on one of libVLC's. Qt cannot stop that object's timers from there ("Timers cannot
be stopped from another thread"): they stay registered with the GUI thread's event loop, and the next
tick is delivered to freed memory, a segfault. So automatic collection is turned off and a GUI-thread
timer collects, as often as CPython would have, the generations whose thresholds were passed (the
pattern pyqtgraph's ``GarbageCollector`` uses). Reference counting still frees everything that is not
in a cycle at once, on whichever thread drops it. Unlike CPython's own, the oldest generation is
collected every tenth middle one, without the check that a quarter of it is new: with 20,000 library
tracks in memory such a full collection takes ~4 ms on the GUI thread, and objects made before
``gc.freeze()`` are not visited at all.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 200
"""Between two ticks only cyclic garbage piles up (everything else is freed by reference counting), so
collecting a little later than CPython would costs memory for at most this long, never a crash."""


def collect_due() -> int | None:
    """Collect the oldest generation whose count passed its threshold, on the calling thread; returns
    it, or None when none was due. ``gc.collect(n)`` also collects the younger generations."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return generation
    return None


class GuiThreadCollector(QObject):
    """Create on the GUI thread; ``start()`` turns automatic collection off, ``stop()`` back on."""

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
