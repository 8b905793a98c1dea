"""The TIMELINE scorer: the smoother's benchmark figures are only as good as this arithmetic."""
from __future__ import annotations

import numpy as np
import pytest

from tests.tools.timeline_video import Segment, timeline_metrics

EMOTIONS = ("a", "b", "c")


def score(moods_at, evidence=None):
    segments = [Segment(0.0, 10.0, 0), Segment(10.0, 20.0, 1), Segment(20.0, 30.0, 2)]
    times = [i / 10 for i in range(300)]
    return timeline_metrics(segments, times, [moods_at(t) for t in times], EMOTIONS, evidence=evidence)


def test_prompt_follower_is_perfect() -> None:
    metrics = score(lambda t: EMOTIONS[int(t // 10)] if t % 10 >= 1.0 or t < 10 else EMOTIONS[int(t // 10) - 1])
    assert metrics["followed"] == 1.0 and metrics["spurious_per_min"] == 0.0
    assert metrics["segments"] == 3 and metrics["lag_s_median"] == pytest.approx(1.0)


def test_late_and_wrong_switches_count_against() -> None:
    def moods(t: float) -> str:
        if t < 10:
            return "a"
        if t < 15:
            return "c"  # a wrong switch: spurious, and segment "b" is reached only at 15 s (late)
        return "b" if t < 24 else "c"
    metrics = score(moods)
    assert metrics["followed"] == pytest.approx(1 / 3)  # only "a" (at once); "b" late, "c" at 4 s
    assert metrics["spurious_per_min"] == pytest.approx(1 / (29.9 / 60))


def test_oracle_reads_only_each_segment_start() -> None:
    evidence = [np.eye(3)[int(t // 10)] if t % 10 < 3 else np.eye(3)[0] for t in (i / 10 for i in range(300))]
    metrics = score(lambda t: "a", evidence)
    assert metrics["oracle_followed"] == 1.0
