"""How often the mood is read: at most ``fps`` frames a second, chosen by the frames' own timestamps.

The smoother weighs each frame by the time it covers, so a mood read 8-10 times a second is as calm
and as quick as one read at 30 fps, for a third of the work. The app's worker and the perception
benchmark pick frames with this one rule, so the benchmark measures what the app does.
"""
from __future__ import annotations

ANALYSIS_FPS = 10.0
SLACK_S = 0.005
"""Frames come on a camera's clock: one due a few ms early still counts as on time."""


class AnalysisPacer:
    def __init__(self, fps: float | None = ANALYSIS_FPS) -> None:
        """``fps`` None analyses every frame."""
        self.interval = 0.0 if not fps else 1.0 / fps
        self.reset()

    def reset(self) -> None:
        self._last_t = float("-inf")

    def due(self, t: float) -> bool:
        """Whether the frame at ``t`` is to be analysed (and if so, it counts as the latest analysis)."""
        if t - self._last_t < self.interval - SLACK_S:
            return False
        self._last_t = t
        return True
