"""What the whole app costs with the camera on: ``python -m emotune.bench.app_cpu VIDEO [--seconds 45]``.

Not a test: it prints figures. It builds the real window through the composition root (in a throwaway
EMOTUNE_HOME unless one is set), offscreen, or under X when ``DISPLAY`` is set (e.g. ``xvfb-run``),
with VIDEO as the camera (looped, paced by its own fps, so it behaves like a webcam that never ends;
an MJPEG file is decoded like a webcam's MJPEG stream unless ``--decode every``)
and the mood playing music from a library (a generated demo library unless ``--library`` is given).
After ``--warmup`` seconds it measures ``--seconds`` with the camera on, then ``--off-seconds`` with
the camera off, and reports for each:

* the whole process's CPU time (user + system, every thread, from the OS) over wall time, as a
  percentage of one core;
* resident memory (RSS) at the end, and the peak;
* frames analysed per second (results of the pipeline), frames shown per second (preview paints),
  and the pipeline's time per analysed frame, p50 and p95;
* the CPU share of each thread name (from /proc), to see where the rest goes.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from emotune.inference.frame_source import VideoFileSource


class LoopedVideoCamera(VideoFileSource):
    """A video file that acts as a webcam: live, paced in real time, starting over at its end with
    the clock running on.

    With ``decode="needed"`` and an MJPEG file it also decodes like a webcam in MJPEG mode: the
    compressed frames are taken as they come (``grab``) and only the ones the app reads are decoded
    (OpenCV's FFmpeg raw mode, then ``cv2.imdecode``), as the V4L2 backend does on ``retrieve``.
    With ``decode="every"`` (or another codec) every frame is decoded as a file reader must."""

    is_live = True

    def __init__(self, path: str | Path, decode: str = "needed") -> None:
        super().__init__(path, realtime=True)
        self.decode = decode
        self.raw = False
        self._offset = 0.0

    def open(self) -> None:
        super().open()
        fourcc = int(self._capture.get(cv2.CAP_PROP_FOURCC))
        codec = "".join(chr((fourcc >> 8 * i) & 0xFF) for i in range(4))
        if self.decode == "needed" and codec.upper() == "MJPG":
            self._capture.release()
            self._capture = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG, [cv2.CAP_PROP_FORMAT, -1])
            self.raw = True

    def _read_one(self):
        if not self.raw:
            return super().read()
        self._keep_pace()
        t = self._index / self.fps
        ok = self._capture.grab()
        packet = self._capture.retrieve()[1] if ok else None
        if packet is None:
            return False, None, t
        self._index += 1
        return True, cv2.imdecode(packet.reshape(-1), cv2.IMREAD_COLOR), t

    def _start_over(self) -> None:
        loop_s, start, offset = self._index / self.fps, self._start, self._offset
        self.close()
        self.open()
        self._offset = offset + loop_s
        self._start = start + loop_s

    def read(self):
        ok, frame, t = self._read_one()
        if not ok and self._index > 0:  # the end: start over, the clock running on
            self._start_over()
            ok, frame, t = self._read_one()
        return ok, frame, t + self._offset

    def skip(self) -> bool:
        if super().skip():
            return True
        if self._index == 0:
            return False
        self._start_over()
        return super().skip()


def _thread_cpu() -> dict[str, float]:
    """CPU seconds per thread name of this process (threads of one name summed), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return out


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emotune.bench.app_cpu", description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--seconds", type=float, default=45.0, help="measured with the camera on")
    parser.add_argument("--warmup", type=float, default=15.0)
    parser.add_argument("--off-seconds", type=float, default=15.0, help="measured with the camera off")
    parser.add_argument("--library", type=Path, help="music folder (default: a generated demo library)")
    parser.add_argument("--player", choices=("vlc", "null"), default="vlc")
    parser.add_argument("--decode", choices=("needed", "every"), default="needed",
                        help="needed: an MJPEG VIDEO is decoded like a webcam's MJPEG stream, only the frames the "
                             "app reads; every: every frame, as a file reader must (default: needed)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not args.video.is_file():
        parser.error(f"no video at {args.video}")
    os.environ.setdefault("EMOTUNE_HOME", tempfile.mkdtemp(prefix="emotune-bench-"))

    from PySide6.QtCore import QEvent, QObject

    from emotune.bench.app_window import open_window
    from emotune.bench.gui_stall import run_for

    video = str(args.video)
    app, window, services = open_window(args.library, args.player, {"camera_enabled": True},
                                        camera_source=lambda index: LoopedVideoCamera(video, args.decode))

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    painted = PaintCounter()
    window.camera_panel.preview.installEventFilter(painted)
    results: list = []
    window.perception.result_ready.connect(results.append)

    started = time.monotonic()
    while window.model.rowCount() == 0 and time.monotonic() - started < 60:
        run_for(0.2)
    window.playback.start_mood_playback()

    def measure(seconds: float) -> dict:
        results.clear()
        paints0, times0, threads0, wall0 = painted.count, os.times(), _thread_cpu(), time.monotonic()
        run_for(seconds)
        wall, times, threads = time.monotonic() - wall0, os.times(), _thread_cpu()
        per_thread = {name: 100.0 * (cpu - threads0.get(name, 0.0)) / wall for name, cpu in threads.items()}
        cpu = (times.user - times0.user) + (times.system - times0.system)
        ms = [result.ms for result in results]
        return {"cpu_percent_of_one_core": round(100.0 * cpu / wall, 2), "rss_mb": round(_rss_mb(), 1),
                "analysed_per_s": round(len(results) / wall, 2),
                "shown_per_s": round((painted.count - paints0) / wall, 2),
                "pipeline_ms_p50": round(float(np.percentile(ms, 50)), 2) if ms else None,
                "pipeline_ms_p95": round(float(np.percentile(ms, 95)), 2) if ms else None,
                "seconds": round(wall, 1),
                "threads_percent": {name: round(share, 1) for name, share in
                                    sorted(per_thread.items(), key=lambda item: -item[1]) if share >= 0.5}}

    run_for(args.warmup)
    figures = {"platform": app.platformName(), "player": services.player.name, "video": video, "decode": args.decode,
               "tracks": window.model.rowCount(), "camera_on": measure(args.seconds)}
    figures["tracks_played"] = len(window.playback.played_uris)
    window.camera_panel.toggle.click()  # camera off
    run_for(2.0)
    figures["camera_off"] = measure(args.off_seconds)
    figures["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    window.close()
    services.close()
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"platform {figures['platform']}, player {figures['player']}, {figures['tracks']} tracks, "
              f"{figures['tracks_played']} played, decode {figures['decode']}")
        for state in ("camera_on", "camera_off"):
            f = figures[state]
            print(f"{state:10s}: CPU {f['cpu_percent_of_one_core']:5.1f} % of one core, RSS {f['rss_mb']:.0f} MB, "
                  f"analysed {f['analysed_per_s']:.1f}/s, shown {f['shown_per_s']:.1f}/s, "
                  f"pipeline p50 {f['pipeline_ms_p50']} ms p95 {f['pipeline_ms_p95']} ms over {f['seconds']} s")
            print("            by thread (% of one core):",
                  ", ".join(f"{name} {share}" for name, share in f["threads_percent"].items()))
        print(f"peak RSS {figures['peak_rss_mb']:.0f} MB, load average {figures['load_average_1min']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
