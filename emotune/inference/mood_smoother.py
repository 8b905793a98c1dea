"""Turn jittery per-frame emotion probabilities into a mood that changes only when a face clearly does.

Music must not flip with every blink, so three things stand between a frame and a mood change:

* time-based exponential smoothing: the weight of a new frame is ``1 - exp(-dt / tau)`` with ``dt`` from
  the timestamps, so the smoother reacts in the same seconds at 10 fps as at 30 fps;
* hysteresis: a new emotion must beat the current mood's smoothed probability by ``margin``;
* dwell: it must keep doing so for ``dwell_s`` without a break.

With no face the mood is held for ``hold_s`` (a glance away or a sip of coffee changes nothing), after
which the probabilities relax towards neutral and the mood follows through the same rule. All of it is
set by one ``responsiveness`` value in 0..1 (a user setting).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from emotune.mood_space import EMOTIONS

NEUTRAL = EMOTIONS.index("neutral")
UNIFORM = np.full(len(EMOTIONS), 1.0 / len(EMOTIONS))


def _between(stable: float, quick: float, responsiveness: float) -> float:
    """Geometric interpolation: equal steps of the slider scale times by equal factors."""
    return stable * (quick / stable) ** responsiveness


@dataclass(frozen=True)
class SmootherParams:
    time_constant_s: float
    margin: float
    dwell_s: float
    hold_s: float = 5.0
    relax_s: float = 3.0

    @classmethod
    def from_responsiveness(cls, responsiveness: float) -> "SmootherParams":
        """0 = very stable (tau 2.5 s, margin 0.20, dwell 2.5 s), 1 = quick (0.3 s, 0.04, 0.3 s).

        0.5 gives tau ~0.9 s, margin 0.12, dwell ~0.9 s: a clear change of expression moves the mood in
        about 2 s, while the frame-to-frame noise of the classifier averages away.
        """
        r = min(1.0, max(0.0, float(responsiveness)))
        return cls(time_constant_s=_between(2.5, 0.3, r), margin=0.20 + (0.04 - 0.20) * r,
                   dwell_s=_between(2.5, 0.3, r))


@dataclass(frozen=True)
class MoodState:
    smoothed_probs: np.ndarray  # (7,), EMOTIONS order, sums to 1
    mood: str | None  # None until a face has been seen long enough
    confidence: float  # smoothed probability of ``mood`` (0 without a mood)
    changed: bool  # ``mood`` differs from the previous update's


class MoodSmoother:
    def __init__(self, responsiveness: float = 0.5) -> None:
        self.params = SmootherParams.from_responsiveness(responsiveness)
        self.reset()

    def set_responsiveness(self, responsiveness: float) -> None:
        self.params = SmootherParams.from_responsiveness(responsiveness)

    def reset(self) -> None:
        self._smoothed: np.ndarray | None = None
        self._mood: int | None = None
        self._last_t: float | None = None
        self._face_t = float("-inf")
        self._pending: int | None = None
        self._pending_since = 0.0

    @property
    def mood(self) -> str | None:
        return None if self._mood is None else EMOTIONS[self._mood]

    def update(self, timestamp_s: float, probs: np.ndarray | None) -> MoodState:
        """Feed one frame: its time and the followed face's probabilities (None: no face this frame)."""
        params = self.params
        dt = 0.0 if self._last_t is None else max(0.0, timestamp_s - self._last_t)
        self._last_t = timestamp_s
        before = self._mood
        if probs is not None:
            self._face_t = timestamp_s
            observed = np.asarray(probs, dtype=np.float64)
            observed = observed / max(observed.sum(), 1e-12)
            if self._smoothed is None:
                self._smoothed = observed.copy()
            else:
                self._smoothed += (1.0 - math.exp(-dt / params.time_constant_s)) * (observed - self._smoothed)
            self._decide(timestamp_s)
        elif self._smoothed is not None:
            beyond_hold = timestamp_s - self._face_t - params.hold_s
            if beyond_hold > 0:
                target = np.zeros(len(EMOTIONS))
                target[NEUTRAL] = 1.0
                self._smoothed += (1.0 - math.exp(-min(dt, beyond_hold) / params.relax_s)) * (target - self._smoothed)
                self._decide(timestamp_s)
            else:
                self._pending = None  # a face that is away is no evidence for a change
        smoothed = UNIFORM.copy() if self._smoothed is None else self._smoothed.copy()
        confidence = 0.0 if self._mood is None else float(smoothed[self._mood])
        return MoodState(smoothed, self.mood, confidence, self._mood != before)

    def _decide(self, t: float) -> None:
        """Switch to the leading emotion once it has beaten the mood by the margin for the dwell time."""
        smoothed = self._smoothed
        top = int(np.argmax(smoothed))
        current = 0.0 if self._mood is None else smoothed[self._mood]
        if top == self._mood or smoothed[top] < current + self.params.margin:
            self._pending = None
            return
        if self._pending != top:
            self._pending, self._pending_since = top, t
        if t - self._pending_since >= self.params.dwell_s:
            self._mood, self._pending = top, None
