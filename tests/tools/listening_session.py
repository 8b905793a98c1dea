"""A quarter of an hour at the desk, as a video with known truth: for the follow benchmark.

The listener holds one emotion for 40-120 s at a time, with brief expressions of another (1.5-3.5 s
blips, from 25 s into the stretch) inside some stretches, and leaves the desk now and then (10-30 s with no face). Faces are
FER2013 PublicTest images, changing every ~0.5 s among a few of the stretch's emotion, so the
classifier's per-frame noise is real while the truth is known.

    python -m tests.tools.listening_session OUT.avi [--minutes 15] [--seed 0]

writes OUT.avi and OUT.segments.json (``{"segments": [{"start", "end", "label"}]}``, label an
emotion name or null for no face).
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from emotune.mood_space import EMOTIONS

from .face_video import FerFace, paste_face, read_fer_faces, textured_background, write_video

STRETCH_S = (40.0, 120.0)
BLIP_S = (1.5, 3.5)
ABSENCE_S = (10.0, 30.0)
BLIP_SHARE = 0.5
"""Share of stretches with blips (one to three) inside."""
BLIPS_AFTER_S = 25.0
ABSENCE_EVERY = 4
"""About one stretch in this many is followed by an absence."""


def plan_session(rng: np.random.Generator, minutes: float = 15.0,
                 labels: tuple[int, ...] = tuple(range(len(EMOTIONS)))) -> list[tuple[float, float, int | None]]:
    """(start, end, EMOTIONS index or None for no face) back to back."""
    segments: list[tuple[float, float, int | None]] = []
    t, previous, total = 0.0, None, minutes * 60.0
    while t < total - STRETCH_S[0] / 2:
        label = int(rng.choice([label for label in labels if label != previous]))
        end = min(total, t + float(rng.uniform(*STRETCH_S)))
        # Blips come once the stretch is under way: a blip in its first BLIPS_AFTER_S would split a
        # change into parts shorter than a change, which the follow benchmark cannot score.
        blips = sorted(rng.uniform(t + BLIPS_AFTER_S, end - 8.0, size=int(rng.integers(1, 4)))) \
            if rng.random() < BLIP_SHARE and end - t > BLIPS_AFTER_S + 8.0 else []
        cursor = t
        for start in blips:
            if start < cursor + 6.0:
                continue
            length = float(rng.uniform(*BLIP_S))
            blip = int(rng.choice([other for other in labels if other != label]))
            segments += [(cursor, start, label), (start, start + length, blip)]
            cursor = start + length
        segments.append((cursor, end, label))
        previous, t = label, end
        if rng.integers(ABSENCE_EVERY) == 0 and t < total - STRETCH_S[0]:
            away = float(rng.uniform(*ABSENCE_S))
            segments.append((t, t + away, None))
            t += away
    return segments


def session_frames(rng: np.random.Generator, segments: list[tuple[float, float, int | None]],
                   faces: list[FerFace], fps: float) -> Iterator[np.ndarray]:
    by_label: dict[int, list[np.ndarray]] = {}
    for face in faces:
        by_label.setdefault(face.label, []).append(face.pixels)
    background = textured_background(rng)
    side = int(rng.integers(140, 241))
    home = np.array([320, 240])
    index, chosen = 0, []
    for i in range(int(round(segments[-1][1] * fps))):
        t = i / fps
        while t >= segments[index][1]:
            index, chosen = index + 1, []
        label = segments[index][2]
        if label is None:
            yield background.copy()
            continue
        if not chosen:
            pool = by_label[label]
            chosen = [pool[j] for j in rng.choice(len(pool), min(6, len(pool)), replace=False)]
        face = chosen[int(t / 0.5) % len(chosen)]
        wobble = np.array([14 * np.sin(t * 0.5), 9 * np.sin(t * 0.9)])
        yield paste_face(background, face, side, tuple(int(v) for v in home + wobble)).frame


def make_session(video: Path, minutes: float = 15.0, seed: int = 0, fps: float = 15.0) -> Path:
    """Write the video and its segments file; returns the segments file's path."""
    rng = np.random.default_rng(seed)
    segments = plan_session(rng, minutes)
    write_video(video, session_frames(rng, segments, read_fer_faces(), fps), fps)
    truth = video.with_suffix(".segments.json")
    truth.write_text(json.dumps({"segments": [
        {"start": round(start, 3), "end": round(end, 3), "label": None if label is None else EMOTIONS[label]}
        for start, end, label in segments]}, indent=1))
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("video", type=Path)
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(make_session(args.video, args.minutes, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
