"""The typed mood event: what the perception side tells the music side after every analysed frame."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emotune.mood_space import EMOTIONS


@dataclass(frozen=True)
class MoodEvent:
    """The smoother's state after one frame, the single source of the mood the whole app shows.

    ``mood`` is the stable emotion (None until one has clearly led), ``confidence`` its smoothed
    probability, ``probabilities`` the smoothed distribution by emotion name, ``changed`` whether
    ``mood`` differs from the previous frame's, and ``face_present`` whether a face was read in
    this frame: a listener who looks away or leaves is no reason to change the music.
    """

    t: float
    mood: str | None
    confidence: float
    probabilities: dict[str, float]
    changed: bool
    face_present: bool

    @classmethod
    def from_vector(cls, t: float, mood: str | None, smoothed: np.ndarray, changed: bool,
                    face_present: bool) -> "MoodEvent":
        probabilities = {name: float(p) for name, p in zip(EMOTIONS, smoothed)}
        confidence = probabilities[mood] if mood is not None else 0.0
        return cls(t, mood, confidence, probabilities, changed, face_present)

    def vector(self) -> np.ndarray:
        """The probabilities as a (7,) array in EMOTIONS order."""
        return np.array([self.probabilities[name] for name in EMOTIONS])
