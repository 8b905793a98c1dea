"""Places a track on the valence/arousal plane from its audio (and its genre), and decides whose word
on a track's mood counts: the user's, a MOOD tag, a mood folder, or the audio estimate.

The mapping is a transparent weighted sum of a few normalised cues rather than a trained model: the
cues and their directions are the ones the music-emotion literature agrees on (Gabrielsson &
Lindström 2010; Eerola & Vuoskoski 2013), their weights can be read and argued about, and a wrong
estimate can be explained to the user from the features it came from.

* Arousal (calm ↔ excited) rises with tempo, loudness, the density of onsets (notes and drum hits
  per second) and spectral brightness, the cues that most consistently track rated activity.
* Valence (sad ↔ happy) rises with major mode (the strongest single cue), with faster tempo and
  brighter timbre. Loudness and dense onsets lower it: beyond energy they raise *tension*, which
  listeners rate as less pleasant (Schimmack & Grob 2000; Eerola & Vuoskoski 2011). That is what
  puts loud, driving major music at "energetic" (valence 0.3) rather than at "happy" (0.7).

Each cue is scaled so that the range of ordinary commercial music spans about -1..1 (e.g. loudness
-30 dBFS → -1, -12 dBFS → +1; tempo 60 → -1, 140 BPM → +1) and clipped there. The weights were set
from the literature's rankings and then checked, not fitted, against the demo library (every piece
must come out in its mood; the narrowest margin is happy/energetic) and contrasting synthetic clips.
No labelled set of real recordings has been measured yet: treat the absolute positions as rough.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from emotune.library.track import Track
from emotune.mood_space import MOOD_VA, MoodPoint, nearest_mood, normalise_mood_name
from emotune.moods.audio_decoder import AudioAnalysisError, decode_excerpt
from emotune.moods.audio_features import SILENCE_DB, AudioFeatures, extract_features
from emotune.moods.genre_prior import genre_prior

METHOD = "audio-v1"
"""Names this mapping; stored with each estimate so a later version can tell which to redo."""
MIN_SECONDS = 3.0
"""Shorter than this there are too few beats for a tempo or a key."""

AROUSAL_WEIGHTS: dict[str, float] = {"tempo": 0.30, "loudness": 0.30, "onsets": 0.25, "brightness": 0.15}
VALENCE_WEIGHTS: dict[str, float] = {"mode": 0.60, "tempo": 0.15, "brightness": 0.15, "tension": -0.40}


@dataclass(frozen=True)
class MoodEstimate:
    valence: float
    arousal: float
    mood: str
    method: str
    features: AudioFeatures


@dataclass(frozen=True)
class ResolvedMood:
    """Where a track sits and who said so: ``source`` is "user", "tag", "folder" or "audio"."""

    valence: float
    arousal: float
    mood: str
    source: str
    method: str = ""


def _scale(value: float, low: float, high: float) -> float:
    """``low`` → -1, ``high`` → +1, clipped."""
    return float(np.clip(2 * (value - low) / (high - low) - 1, -1.0, 1.0))


def cues(features: AudioFeatures) -> dict[str, float]:
    """The features scaled to -1..1 over the range of ordinary music, plus the tension they add up to."""
    # Without a discernible pulse the tempo figure is noise: let it count only as far as a beat is heard.
    tempo_trust = min(1.0, features.pulse_clarity / 0.15)
    scaled = {
        "tempo": _scale(features.tempo_bpm, 60.0, 140.0) * tempo_trust,
        "loudness": _scale(features.loudness_db, -30.0, -12.0),
        "onsets": _scale(features.onset_rate, 0.5, 5.0),
        "brightness": _scale(features.brightness, 0.1, 0.5),
        "mode": _scale(features.mode, -0.2, 0.2),
    }
    # Tension comes from loud and dense music only: being quiet or sparse does not make a song pleasant.
    scaled["tension"] = (2 * max(scaled["loudness"], 0.0) + max(scaled["onsets"], 0.0)) / 3
    return scaled


def audio_point(features: AudioFeatures) -> MoodPoint:
    """The position the audio alone suggests (see the module docstring for the why of each weight)."""
    scaled = cues(features)
    arousal = sum(weight * scaled[name] for name, weight in AROUSAL_WEIGHTS.items())
    valence = sum(weight * scaled[name] for name, weight in VALENCE_WEIGHTS.items())
    return MoodPoint(float(np.clip(valence, -1, 1)), float(np.clip(arousal, -1, 1)))


def estimate_from_features(features: AudioFeatures, genre: str = "") -> MoodEstimate:
    """Blend the audio position with the genre prior (if the genre tag names a known style)."""
    point = audio_point(features)
    method = METHOD
    prior = genre_prior(genre) if genre else None
    if prior is not None:
        keep = 1.0 - prior.weight
        point = MoodPoint(keep * point.valence + prior.weight * prior.point.valence,
                          keep * point.arousal + prior.weight * prior.point.arousal)
        method = f"{METHOD}+genre"
    return MoodEstimate(point.valence, point.arousal, nearest_mood(point), method, features)


def estimate_mood(path: str | Path, genre: str = "") -> MoodEstimate:
    """Decode the middle of ``path`` and estimate its mood; AudioAnalysisError says why it could not."""
    decoded = decode_excerpt(path)
    if decoded.seconds < MIN_SECONDS:
        raise AudioAnalysisError(path, f"too short to analyse ({decoded.seconds:.1f} s)")
    features = extract_features(decoded.samples, decoded.rate)
    if features.loudness_db <= SILENCE_DB:
        raise AudioAnalysisError(path, "silent: there is no sound to analyse")
    return estimate_from_features(features, genre)


def _tag_mood(mood_tag: str) -> str | None:
    for value in mood_tag.replace(",", ";").replace("/", ";").split(";"):
        mood = normalise_mood_name(value)
        if mood:
            return mood
    return None


def resolve_mood(track: Track, estimate: MoodEstimate | None = None) -> ResolvedMood | None:
    """The mood to use for ``track``, trusting in order: the user's choice, its MOOD tag, its mood
    folder (as found by the scanner), the audio estimate (``estimate`` if given, else a stored one).

    People's words beat the machine's guess: a user's pin is deliberate, a tag was set by someone who
    heard the song, a folder name is a looser filing; the audio estimate is what is left.
    """
    if track.mood_source == "user" and track.mood in MOOD_VA:
        return ResolvedMood(*MOOD_VA[track.mood], track.mood, "user")
    tagged = _tag_mood(track.mood_tag)
    if tagged:
        return ResolvedMood(*MOOD_VA[tagged], tagged, "tag")
    if track.mood_source == "folder" and track.mood in MOOD_VA:
        return ResolvedMood(*MOOD_VA[track.mood], track.mood, "folder")
    if estimate is not None:
        return ResolvedMood(estimate.valence, estimate.arousal, estimate.mood, "audio", estimate.method)
    if track.mood_source == "audio" and track.valence is not None and track.arousal is not None:
        return ResolvedMood(track.valence, track.arousal, track.mood, "audio", track.mood_method)
    return None
