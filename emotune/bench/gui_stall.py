"""How long the GUI thread is ever blocked while the app reads faces from a video and plays music.

    python -m emotune.bench.gui_stall VIDEO [--library DIR] [--seconds 20] [--player vlc|null]

Builds the real window through the composition root (in a throwaway EMOTUNE_HOME unless one is set),
reads faces from VIDEO in real time, lets the mood pick and play music from DIR (or a generated demo
library), and reports the longest gap between 10 ms timer ticks after the window has settled.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def run_for(seconds: float) -> None:
    """Run the Qt event loop for ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure_stall(window, seconds: float, settle_s: float = 1.0):
    """Start mood playback, let the window settle, then measure the GUI thread for ``seconds``; a
    ``StallReport``."""
    from emotune.ui.stall_monitor import StallMonitor

    run_for(settle_s)
    window.playback.start_mood_playback()
    monitor = StallMonitor(interval_ms=10)
    monitor.start()
    run_for(seconds)
    return monitor.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emotune.bench.gui_stall", description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--library", type=Path, help="music folder (default: a generated demo library)")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--player", choices=("vlc", "null"), default="vlc")
    args = parser.parse_args(argv)
    os.environ.setdefault("EMOTUNE_HOME", tempfile.mkdtemp(prefix="emotune-bench-"))

    from emotune.bench.app_window import open_window
    from emotune.wording import counted

    app, window, services = open_window(args.library, args.player, initial_video=str(args.video))
    started = time.monotonic()
    while window.model.rowCount() == 0 and time.monotonic() - started < 60:
        run_for(0.2)
    report = measure_stall(window, args.seconds)
    print(f"platform {app.platformName()}, {window.model.rowCount()} tracks, player {services.player.name}, "
          f"{counted(len(window.playback.played_uris), 'track')} played")
    print(report.summary())
    print("worst stalls (s since start, ms):", ", ".join(f"{t:.2f}: {ms:.0f}" for t, ms in report.worst))
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
