"""The shared vocabulary of emotions and moods.

Faces give one of the 7 FER2013 emotions; tracks carry a mood position (valence, arousal) on Russell's
plane, each in [-1, 1], and the named track moods have their centres there (``MOOD_VA``), so a tag, a
folder name or a genre places a track. Which music fits which emotion is a table decided emotion by
emotion (``emotune.moods.music_table``), not a distance on the plane: fear sits beside anger there,
yet gets calm music.
"""
from __future__ import annotations

from dataclasses import dataclass

EMOTIONS: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
"""The model's output order (FER2013 codes 0..6)."""

TRACK_MOODS: tuple[str, ...] = ("happy", "energetic", "calm", "sad", "angry")
"""Named moods a track can be tagged or filed with (a `MOOD` tag or a folder name)."""

MOOD_VA: dict[str, tuple[float, float]] = {
    "happy": (0.7, 0.45),
    "energetic": (0.3, 0.85),
    "calm": (0.45, -0.6),
    "sad": (-0.65, -0.45),
    "angry": (-0.55, 0.8),
}
"""Centre of each named track mood on the plane."""

MOOD_ALIASES: dict[str, str] = {
    "joy": "happy", "joyful": "happy", "cheerful": "happy", "upbeat": "happy",
    "relaxed": "calm", "relaxing": "calm", "chill": "calm", "peaceful": "calm", "mellow": "calm",
    "melancholy": "sad", "melancholic": "sad", "gloomy": "sad", "blue": "sad",
    "aggressive": "angry", "intense": "angry", "dark": "angry",
    "energy": "energetic", "party": "energetic", "workout": "energetic", "excited": "energetic",
}


@dataclass(frozen=True)
class MoodPoint:
    """A position on the valence/arousal plane."""

    valence: float
    arousal: float

    def distance(self, other: "MoodPoint") -> float:
        return ((self.valence - other.valence) ** 2 + (self.arousal - other.arousal) ** 2) ** 0.5


def normalise_mood_name(text: str) -> str | None:
    """Map a tag value or folder name such as 'Happy', 'chill' to a TRACK_MOODS name, else None."""
    key = text.strip().lower()
    if key in MOOD_VA:
        return key
    return MOOD_ALIASES.get(key)


def nearest_mood(point: MoodPoint) -> str:
    """The named track mood whose centre is closest to ``point``."""
    return min(MOOD_VA, key=lambda name: point.distance(MoodPoint(*MOOD_VA[name])))
