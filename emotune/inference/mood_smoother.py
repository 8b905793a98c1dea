"""Turn jittery per-frame emotion probabilities into a mood that changes only when a face clearly does.

Music must not flip with every blink, and must still follow a real change within seconds. Each frame
is treated as evidence, not as a vote:

* **evidence**: the log of the classifier's probabilities, with the model's class prior partly divided
  out (``PRIOR_CORRECTION``). The shipped model is calibrated on FER2013, where disgust is 1.5 % of the
  faces, so on its own it almost never says "disgust" even for a disgusted face; dividing the prior out
  lets several frames that all lean the same way add up, which averaging probabilities never does;
* **a sliding window** of the last ``window_s`` seconds of evidence, each frame weighted by its
  duration, so the mood reacts in the same seconds at 10 fps as at 30 fps. A window weighs the last
  few expressions equally, where an exponential average would let the latest one dominate;
* **hysteresis and dwell**: a new emotion must lead the current mood by ``margin`` (in nats of mean
  evidence) and keep doing so for ``dwell_s``.

With no face the window is frozen for ``hold_s`` (a glance away or a sip of coffee changes nothing);
after that each faceless frame is evidence for a relaxed, neutral face, and the mood follows through
the same rule. All of it is set by one ``responsiveness`` value in 0..1 (a user setting).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from emotune.mood_space import EMOTIONS

NEUTRAL = EMOTIONS.index("neutral")
UNIFORM = np.full(len(EMOTIONS), 1.0 / len(EMOTIONS))

PRIOR_CORRECTION = 0.75
"""How much of the model's class prior to divide out: 0 keeps it, 1 treats all seven moods as equally
likely a priori. Fully uniform lets ambiguous faces drift into the rarest class; 0.75 was best on
tuning timelines (see the perception benchmark) and keeps a mild preference for common expressions."""

PROBABILITY_FLOOR = 1e-3
"""One confidently wrong frame may cost at most log(1/0.001) ~ 7 nats, not unbounded evidence."""

MAX_FRAME_WEIGHT_S = 0.2
"""A frame after a stall counts for at most this long, so a hiccup does not let one frame dominate."""

RELAXED_FACE = np.full(len(EMOTIONS), 0.4 / (len(EMOTIONS) - 1))
RELAXED_FACE[NEUTRAL] = 0.6
"""What a faceless frame counts as once the hold is over: a mildly neutral face."""


def _between(stable: float, quick: float, responsiveness: float) -> float:
    """Geometric interpolation: equal steps of the slider scale times by equal factors."""
    return stable * (quick / stable) ** responsiveness


@dataclass(frozen=True)
class SmootherParams:
    window_s: float
    margin: float  # nats of mean evidence
    dwell_s: float
    hold_s: float = 5.0

    @classmethod
    def from_responsiveness(cls, responsiveness: float) -> "SmootherParams":
        """0 = very stable (window 6.25 s, margin 0.9, dwell 0.9 s), 1 = quick (1 s, 0.1, 0.1 s).

        0.5 gives a 2.5 s window, margin 0.5 and 0.3 s dwell: a clear change of expression moves the
        mood in about 2 s, while single misread frames and brief grimaces are outvoted.
        """
        r = min(1.0, max(0.0, float(responsiveness)))
        return cls(window_s=_between(6.25, 1.0, r), margin=0.9 + (0.1 - 0.9) * r, dwell_s=_between(0.9, 0.1, r))


@dataclass(frozen=True)
class MoodState:
    smoothed_probs: np.ndarray  # (7,), EMOTIONS order, sums to 1: the distribution the mood is decided from
    mood: str | None  # None until one emotion has clearly led for the dwell time
    confidence: float  # smoothed probability of ``mood`` (0 without a mood)
    changed: bool  # ``mood`` differs from the previous update's


class EvidenceWindow:
    """Duration-weighted mean of the last ``span_s`` seconds of evidence vectors.

    Time here is evidence time: it only advances when evidence is added, so a frozen window stays as
    it was however long nothing arrives.
    """

    def __init__(self, span_s: float) -> None:
        self.span_s = span_s
        self._items: deque[tuple[float, float, np.ndarray]] = deque()  # (clock at end, weight, vector)
        self._sum = np.zeros(len(EMOTIONS))
        self._weight = 0.0
        self._clock = 0.0

    def __bool__(self) -> bool:
        return bool(self._items)

    def add(self, vector: np.ndarray, weight_s: float) -> None:
        self._clock += weight_s
        self._items.append((self._clock, weight_s, vector))
        self._sum += weight_s * vector
        self._weight += weight_s
        while len(self._items) > 1 and self._items[0][0] <= self._clock - self.span_s:
            _, weight, old = self._items.popleft()
            self._sum -= weight * old
            self._weight -= weight

    @property
    def weight_s(self) -> float:
        """Seconds of evidence in the window."""
        return self._weight

    def mean(self) -> np.ndarray:
        if self._weight <= 1e-9:  # only the first frame so far, which has no duration yet
            return self._items[-1][2].copy()
        return self._sum / self._weight


class MoodSmoother:
    def __init__(self, responsiveness: float = 0.5, class_prior: np.ndarray | None = None) -> None:
        """``class_prior``: the label frequencies the classifier's probabilities are calibrated to
        (``EmotionClassifier.class_prior``); None means a uniform prior, i.e. no correction."""
        self.params = SmootherParams.from_responsiveness(responsiveness)
        prior = UNIFORM if class_prior is None else np.asarray(class_prior, dtype=np.float64)
        self._prior_log = PRIOR_CORRECTION * np.log(prior / prior.sum())
        self._relaxed_evidence = self.evidence(RELAXED_FACE)
        self.reset()

    def set_responsiveness(self, responsiveness: float) -> None:
        self.params = SmootherParams.from_responsiveness(responsiveness)
        self._window.span_s = self.params.window_s

    def reset(self) -> None:
        self._window = EvidenceWindow(self.params.window_s)
        self._mood: int | None = None
        self._last_t: float | None = None
        self._face_t = float("-inf")
        self._pending: int | None = None
        self._pending_since = 0.0

    @property
    def mood(self) -> str | None:
        return None if self._mood is None else EMOTIONS[self._mood]

    def relaxed(self, timestamp_s: float) -> bool:
        """Whether faceless updates at ``timestamp_s`` would change nothing more: no mood yet, or the
        hold and a full window of relaxed evidence are over and the mood has come to neutral."""
        if not self._window or self._mood is None:
            return True
        over = timestamp_s - self._face_t > self.params.hold_s + self.params.window_s
        return over and self._mood == NEUTRAL

    def evidence(self, probs: np.ndarray) -> np.ndarray:
        """Per-frame evidence: log probabilities with part of the class prior divided out."""
        observed = np.asarray(probs, dtype=np.float64)
        observed = observed / max(observed.sum(), 1e-12)
        return np.log(np.maximum(observed, PROBABILITY_FLOOR)) - self._prior_log

    def update(self, timestamp_s: float, probs: np.ndarray | None) -> MoodState:
        """Feed one frame: its time and the followed face's probabilities (None: no face this frame)."""
        weight = 0.0 if self._last_t is None else min(max(0.0, timestamp_s - self._last_t), MAX_FRAME_WEIGHT_S)
        self._last_t = timestamp_s
        before = self._mood
        evidence = None
        if probs is not None:
            self._face_t = timestamp_s
            evidence = self.evidence(probs)
        elif self._window and timestamp_s - self._face_t > self.params.hold_s:
            evidence = self._relaxed_evidence
        if evidence is not None:
            self._window.add(evidence, weight)
            mean = self._window.mean()
            self._decide(timestamp_s, mean)
        else:
            self._pending = None  # a face that is away is no evidence for a change
            mean = self._window.mean() if self._window else None
        smoothed = self.smoothed_probs(mean)
        confidence = 0.0 if self._mood is None else float(smoothed[self._mood])
        return MoodState(smoothed, self.mood, confidence, self._mood != before)

    @staticmethod
    def smoothed_probs(mean: np.ndarray | None) -> np.ndarray:
        """The window's mean evidence as a distribution (uniform before any face)."""
        if mean is None:
            return UNIFORM.copy()
        exp = np.exp(mean - mean.max())
        return exp / exp.sum()

    def _decide(self, t: float, mean: np.ndarray) -> None:
        """Switch to the leading emotion once it has led the mood by the margin for the dwell time.

        With no mood yet, the leader must lead the runner-up instead, until a full window of evidence
        has been seen: after that the best reading of an ambiguous face beats showing none."""
        order = np.argsort(mean)
        top = int(order[-1])
        if self._mood is not None:
            rival = mean[self._mood]
        elif self._window.weight_s < self.params.window_s:
            rival = mean[int(order[-2])]
        else:
            rival = -np.inf
        if top == self._mood or mean[top] < rival + self.params.margin:
            self._pending = None
            return
        if self._pending != top:
            self._pending, self._pending_since = top, t
        if t - self._pending_since >= self.params.dwell_s:
            self._mood, self._pending = top, None
