"""What a track's GENRE tag suggests about its mood, as a weak prior for the audio estimate.

Audio features miss what listeners know from style: distorted metal at 90 BPM is not relaxed, a
classical adagio is not sad merely because it is quiet. Music-emotion studies find genre explains a
fair share of rated arousal and some of valence (Eerola 2011), so a genre keyword pulls the estimate
towards a typical position, with a weight that says how consistent that genre is. The audio keeps
the larger say: a happy metal song or a sad pop ballad must still come out where it sounds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from emotune.mood_space import MoodPoint


@dataclass(frozen=True)
class GenrePrior:
    point: MoodPoint
    weight: float
    """Share of the final estimate given to ``point`` (the audio keeps 1 - weight)."""
    matched: tuple[str, ...]


GENRE_MOODS: dict[str, tuple[float, float, float]] = {
    # keyword: (valence, arousal, weight). Keywords are matched inside the lower-cased genre with
    # punctuation turned to spaces; a leading/trailing space asks for a word boundary ("emo" ≠ "demo").
    "metal": (-0.45, 0.85, 0.35),
    "hardcore": (-0.4, 0.85, 0.35),
    "grindcore": (-0.5, 0.9, 0.35),
    "punk": (-0.1, 0.8, 0.3),
    "industrial": (-0.4, 0.7, 0.3),
    "grunge": (-0.3, 0.55, 0.25),
    " emo ": (-0.4, 0.5, 0.25),
    "rock": (0.0, 0.55, 0.15),
    "drum and bass": (0.1, 0.85, 0.3),
    "dnb": (0.1, 0.85, 0.3),
    "techno": (0.1, 0.75, 0.3),
    "trance": (0.4, 0.7, 0.3),
    "edm": (0.4, 0.8, 0.3),
    "dance": (0.6, 0.7, 0.3),
    "house": (0.5, 0.65, 0.25),
    "disco": (0.7, 0.6, 0.3),
    "funk": (0.6, 0.5, 0.25),
    "latin": (0.65, 0.55, 0.2),
    "salsa": (0.7, 0.6, 0.25),
    "reggae": (0.5, 0.0, 0.2),
    "pop": (0.55, 0.4, 0.15),
    "hip hop": (0.0, 0.5, 0.15),
    " rap ": (0.0, 0.5, 0.15),
    "gospel": (0.6, 0.2, 0.2),
    "country": (0.35, 0.1, 0.15),
    "soul": (0.3, 0.0, 0.15),
    "jazz": (0.3, -0.1, 0.15),
    "blues": (-0.3, -0.1, 0.2),
    "folk": (0.2, -0.3, 0.15),
    "ballad": (-0.2, -0.4, 0.2),
    "classical": (0.2, -0.35, 0.2),
    "soundtrack": (0.0, -0.1, 0.1),
    "ambient": (0.25, -0.7, 0.35),
    "new age": (0.4, -0.6, 0.3),
    "lounge": (0.4, -0.4, 0.25),
    "chill": (0.4, -0.45, 0.3),
    "lofi": (0.2, -0.5, 0.3),
    "lo fi": (0.2, -0.5, 0.3),
    "downtempo": (0.2, -0.45, 0.3),
    "sleep": (0.3, -0.85, 0.4),
}


def _normalise(genre: str) -> str:
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", genre.lower()).split()) + " "


def genre_prior(genre: str) -> GenrePrior | None:
    """The prior for a genre tag such as "Death Metal" or "Synthpop; Dance", or None if none applies.

    Several keywords ("dance pop") average their positions, weighted by their weights; the strongest
    weight is the prior's weight, so stacking keywords never outvotes the audio.
    """
    text = _normalise(genre)
    matched = [keyword for keyword in GENRE_MOODS if keyword in text]
    if not matched:
        return None
    weights = [GENRE_MOODS[keyword][2] for keyword in matched]
    total = sum(weights)
    valence = sum(GENRE_MOODS[k][0] * w for k, w in zip(matched, weights)) / total
    arousal = sum(GENRE_MOODS[k][1] * w for k, w in zip(matched, weights)) / total
    return GenrePrior(MoodPoint(valence, arousal), max(weights), tuple(k.strip() for k in matched))
