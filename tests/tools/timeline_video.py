"""The synthetic TIMELINE: a "listener" whose emotion changes every 8-15 s, for judging the smoother.

Within a segment the face switches every ~0.5 s among several PublicTest images of that segment's
emotion, so the classifier's per-frame noise is real while the truth is known. The smoother is good
when the mood reaches each segment's emotion soon after the segment starts and does not wander off in
between; ``timeline_metrics`` measures exactly that.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .face_video import FerFace, paste_face, textured_background, write_video


@dataclass(frozen=True)
class Segment:
    start_s: float
    end_s: float
    label: int  # EMOTIONS index


def plan_segments(rng: np.random.Generator, labels: list[int], duration_s: float,
                  lengths_s: tuple[float, float] = (8.0, 15.0)) -> list[Segment]:
    """Back-to-back segments, each a different emotion from the one before."""
    segments: list[Segment] = []
    start = 0.0
    while start < duration_s - lengths_s[0] / 2:
        end = min(duration_s, start + float(rng.uniform(*lengths_s)))
        choices = [label for label in labels if not segments or label != segments[-1].label]
        segments.append(Segment(start, end, int(rng.choice(choices))))
        start = end
    return segments


def timeline_frames(rng: np.random.Generator, segments: list[Segment], faces: list[FerFace], fps: float,
                    swap_s: float = 0.5, faces_per_segment: int = 6) -> Iterator[np.ndarray]:
    """One seated person in one room: fixed background, face size fixed, position drifting slowly."""
    by_label: dict[int, list[np.ndarray]] = {}
    for face in faces:
        by_label.setdefault(face.label, []).append(face.pixels)
    background = textured_background(rng)
    side = int(rng.integers(120, 261))
    home = np.array([rng.integers(side // 2 + 20, 640 - side // 2 - 20),
                     rng.integers(side // 2 + 10, 480 - side // 2 - 10)])
    frame_count = int(round(segments[-1].end_s * fps))
    segment_index = 0
    chosen: list[np.ndarray] = []
    for i in range(frame_count):
        t = i / fps
        while t >= segments[segment_index].end_s:
            segment_index += 1
            chosen = []
        if not chosen:
            pool = by_label[segments[segment_index].label]
            chosen = [pool[j] for j in rng.choice(len(pool), min(faces_per_segment, len(pool)), replace=False)]
        face = chosen[int(t / swap_s) % len(chosen)]
        wobble = np.array([12 * np.sin(t * 0.7), 8 * np.sin(t * 1.1)])
        yield paste_face(background, face, side, tuple(int(v) for v in home + wobble)).frame


def make_timeline_video(path: Path, faces: list[FerFace], duration_s: float = 120.0, fps: float = 15.0,
                        seed: int = 0) -> list[Segment]:
    """Write the TIMELINE video; returns its segments (the truth)."""
    rng = np.random.default_rng(seed)
    labels = sorted({face.label for face in faces})
    segments = plan_segments(rng, labels, duration_s)
    write_video(path, timeline_frames(rng, segments, faces, fps), fps)
    return segments


def timeline_metrics(segments: list[Segment], times: list[float], moods: list[str | None],
                     emotions: tuple[str, ...], within_s: float = 3.0,
                     evidence: list[np.ndarray | None] | None = None) -> dict[str, float]:
    """followed: share of segments whose emotion becomes the mood within ``within_s`` of their start;
    spurious_per_min: mood switches to anything but the current segment's emotion, per minute;
    lag_s_median: median time from a segment's start to its emotion becoming the mood (reached ones).

    With the smoother's per-frame ``evidence``, also ``oracle_followed``: the share of segments whose
    mean evidence over their first ``within_s`` seconds points at the right emotion. That is what a
    rule knowing when each segment starts would reach with this model: the ceiling for ``followed``.
    """
    index, previous, spurious = 0, None, 0
    first_hit: dict[int, float] = {}
    early_evidence: dict[int, list[np.ndarray]] = {}
    for i, (t, mood) in enumerate(zip(times, moods)):
        while index < len(segments) - 1 and t >= segments[index].end_s:
            index += 1
        truth = emotions[segments[index].label]
        if mood != previous and mood is not None and previous is not None and mood != truth:
            spurious += 1
        if mood == truth and index not in first_hit:
            first_hit[index] = t - segments[index].start_s
        if evidence is not None and evidence[i] is not None and t < segments[index].start_s + within_s:
            early_evidence.setdefault(index, []).append(evidence[i])
        previous = mood
    reached = {index for index, lag in first_hit.items() if lag <= within_s}
    minutes = (times[-1] - times[0]) / 60.0 if len(times) > 1 else 1.0
    metrics = {"followed": len(reached) / len(segments), "spurious_per_min": spurious / minutes,
               "lag_s_median": float(np.median(list(first_hit.values()))) if first_hit else float("nan"),
               "segments": len(segments), "minutes": minutes}
    if evidence is not None:
        right = [int(np.argmax(np.mean(values, axis=0))) == segments[index].label
                 for index, values in early_evidence.items()]
        metrics["oracle_followed"] = sum(right) / len(segments)
    return metrics
