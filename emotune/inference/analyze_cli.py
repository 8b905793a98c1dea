"""``emotune analyze VIDEO``: run the app's own pipeline over a video as fast as it goes.

It answers "what would Emotune have made of this recording?" and gives reproducible figures: timestamps
come from the video's fps, not the wall clock. ``--jsonl`` prints one JSON object per frame and a final
``{"summary": ...}`` line for scripts; without it a short line per frame and a summary are printed for
people.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from emotune.errors import EmotuneError
from emotune.inference.frame_source import VideoFileSource
from emotune.inference.pipeline import FrameResult, Pipeline
from emotune.mood_space import EMOTIONS
from emotune.paths import config_dir
from emotune.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("analyze", help="read the moods in a video file with the app's pipeline",
                                   description="Run Emotune's face and mood pipeline over a video file as fast "
                                               "as it goes; timestamps come from the video's frame rate.")
    parser.add_argument("video", type=Path, help="a video file (MP4, AVI, MKV, ...)")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per frame, then a summary line")
    parser.add_argument("--max-frames", type=int, metavar="N", help="stop after N frames")
    parser.set_defaults(run=run)


def frame_record(index: int, result: FrameResult) -> dict:
    probs = None if result.raw_probs is None else {name: round(float(p), 4)
                                                    for name, p in zip(EMOTIONS, result.raw_probs)}
    return {"frame": index, "t": round(result.t, 4), "faces": [list(box) for box in result.faces],
            "probs": probs, "mood": result.mood, "ms": round(result.ms, 3)}


def summary_record(results: list[FrameResult], wall_s: float) -> dict:
    ms = [result.ms for result in results] or [0.0]
    return {"summary": {
        "frames": len(results),
        "frames_with_face": sum(result.followed is not None for result in results),
        "ms_p50": round(float(np.percentile(ms, 50)), 3), "ms_p95": round(float(np.percentile(ms, 95)), 3),
        "fps": round(len(results) / wall_s, 2) if wall_s > 0 else 0.0}}


def run(args: argparse.Namespace) -> int:
    source = VideoFileSource(args.video, realtime=False)
    try:
        pipeline = Pipeline.from_settings(Settings(config_dir() / "settings.json"))
        source.open()
    except EmotuneError as error:
        print(f"emotune analyze: {error.short}\n{error.detail}", file=sys.stderr)
        return 2
    results: list[FrameResult] = []
    start = time.perf_counter()
    try:
        while args.max_frames is None or len(results) < args.max_frames:
            ok, frame, t = source.read()
            if not ok:
                break
            result = pipeline.process(frame, t)
            _print_frame(len(results), result, args.jsonl)
            results.append(result)
    except EmotuneError as error:
        print(f"emotune analyze: {error.short}\n{error.detail}", file=sys.stderr)
        return 1
    finally:
        source.close()
    summary = summary_record(results, time.perf_counter() - start)
    if args.jsonl:
        print(json.dumps(summary))
    else:
        s = summary["summary"]
        print(f"{s['frames']} frames, {s['frames_with_face']} with a face; {s['ms_p50']} ms per frame (median), "
              f"{s['ms_p95']} ms p95; {s['fps']} frames/s")
    return 0


def _print_frame(index: int, result: FrameResult, jsonl: bool) -> None:
    if jsonl:
        print(json.dumps(frame_record(index, result)))
        return
    top = "-" if result.raw_probs is None else EMOTIONS[int(np.argmax(result.raw_probs))]
    print(f"{index:6d} {result.t:8.2f}s  faces={len(result.faces)}  frame={top:<8}  mood={result.mood or '-':<8}  "
          f"{result.ms:6.1f} ms")
