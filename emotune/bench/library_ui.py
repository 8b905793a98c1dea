"""Times the library table at 20,000 tracks: ``python -m emotune.bench.library_ui [--tracks 20000]
[--repeats 5] [--busy-thread] [--browse]``.

Builds the real ``LibraryView`` over the real ``LibraryTableModel`` offscreen (or on the display that is
set), loads generated tracks, and reports the median wall time, until the table has been painted
again, of: sorting by title, artist, time and mood, a search, clearing it, a reload while a sort is set,
and sorting by album (disc and track order within each). With ``--browse`` the browse pane is shown, so
its lists follow every search, and choosing an artist in it and going back to all artists are timed too.
Target (issue #13): each at most 100 ms at 20,000 tracks on a 2-core machine, 300 ms while the mood
analysis runs. The analysis is a thread of the app's process, so ``--busy-thread`` runs a pure-Python
loop in a thread meanwhile: it wants the GIL all the time, a worst case (the analysis also spends
time in FFmpeg and numpy code).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable

from emotune.library.track import Track

MOODS = ("happy", "sad", "calm", "energetic", "angry", "")
SOURCES = ("audio", "tag", "folder", "user", "audio", "")


def generate_tracks(count: int) -> list[Track]:
    return [Track(path=f"/music/{i % 500}/{i}.ogg", title=f"Song {i * 7919 % count}", artist=f"Band {i % 397}",
                  album=f"Album {i % 1234}", genre=("Rock", "Jazz", "Pop")[i % 3], duration=float(60 + i % 300),
                  track_number=i // 1234 % 16 + 1, disc_number=1 + i // (1234 * 8) % 2, year=1960 + i % 60,
                  id=i + 1, mood=MOODS[i % 6], mood_source=SOURCES[i % 6]) for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracks", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--busy-thread", action="store_true", help="a GIL-bound thread runs meanwhile")
    parser.add_argument("--browse", action="store_true", help="with the browse pane shown")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication

    from emotune.library.library_browser import BrowseField
    from emotune.ui.library_model import Column, LibraryTableModel
    from emotune.ui.library_view import LibraryView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    model = LibraryTableModel()
    view = LibraryView(model)
    view.resize(1200, 800)
    view.set_browsing(args.browse)
    view.show()
    tracks = generate_tracks(args.tracks)
    done = threading.Event()
    if args.busy_thread:
        threading.Thread(target=_keep_busy, args=(done,), daemon=True).start()

    class PaintWatcher(QObject):
        """The view lays out on a zero timer and paints after that: one processEvents() is not enough."""
        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            self.painted = self.painted or event.type() == QEvent.Type.Paint
            return False

    watcher = PaintWatcher()
    view.table.viewport().installEventFilter(watcher)

    def timed(action: Callable[[], None]) -> float:
        app.processEvents()
        watcher.painted = False
        started = time.perf_counter()
        action()
        while not watcher.painted and time.perf_counter() - started < 10.0:
            app.processEvents()
        return (time.perf_counter() - started) * 1000.0

    figures: dict[str, float] = {"first_load_ms": timed(lambda: model.set_tracks(tracks))}
    runs: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        for column in (Column.TITLE, Column.ARTIST, Column.DURATION, Column.MOOD):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                runs.setdefault("sort_ms", []).append(timed(lambda: view.table.sortByColumn(column, order)))
        runs.setdefault("reload_sorted_ms", []).append(timed(lambda: model.set_tracks(tracks)))
        runs.setdefault("search_ms", []).append(timed(lambda: view.search.setText("band 5")))
        runs.setdefault("clear_search_ms", []).append(timed(lambda: view.search.clear()))
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            runs.setdefault("album_sort_ms", []).append(timed(lambda: view.table.sortByColumn(Column.ALBUM, order)))
        if args.browse:
            artists = view.browse_pane.lists[BrowseField.ARTIST]
            chosen = view.browse_pane.models[BrowseField.ARTIST].index(6)  # Band 102, about 50 tracks
            runs.setdefault("browse_choose_ms", []).append(timed(lambda: artists.setCurrentIndex(chosen)))
            everyone = view.browse_pane.models[BrowseField.ARTIST].index(0)
            runs.setdefault("browse_all_ms", []).append(timed(lambda: artists.setCurrentIndex(everyone)))
    for name, values in runs.items():
        figures[name] = statistics.median(values)
        figures[name.replace("_ms", "_max_ms")] = max(values)
    figures = {name: round(value, 1) for name, value in figures.items()}
    figures["tracks"] = args.tracks
    figures["busy_thread"] = args.busy_thread
    figures["browse"] = args.browse
    done.set()
    print(json.dumps(figures, indent=2) if args.json else
          "\n".join(f"{name:24s} {value}" for name, value in figures.items()))
    view.close()
    return 0


def _keep_busy(done: threading.Event) -> None:
    while not done.is_set():
        sum(number * number for number in range(10_000))


if __name__ == "__main__":
    raise SystemExit(main())
