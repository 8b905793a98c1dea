"""Which music fits which listener emotion: the one table that Match, Lift, the switching rule, the
reason text and the follow benchmark all read (the README shows it to users).

Decided on purpose, emotion by emotion:

* **happy** meets happy music; energetic music fits too (a smile takes a beat well).
* **surprise** is aroused and mostly positive at a desk: energetic first, happy fits as well.
* **neutral** is what most faces show most of the time (and what a subtle sad or happy face is often
  read as), so it is no reason to cut anything but angry music. When the next track is chosen, a calm
  or happy character goes on; anything else, or nothing playing, turns gently calm.
* **sad** gets sad music first (the iso principle: being met before being moved, Altshuler 1948);
  calm music fits too, since it does not contradict the mood.
* **fear** gets calming music, never angry music: fear sits beside anger on the valence/arousal
  plane, but intense music feeds anxiety where calm music lowers arousal.
* **angry** meets intense music (the iso principle again: cheerful pop against anger is heard as
  dismissive); energetic music fits too, and so does calm music, which soothes without dismissing
  (it is what Lift moves towards first). Calm music is the one thing every negative mood accepts;
  this also keeps the music steady when the model reads an angry face as fearful for a while.
* **disgust** has no music of its own; at a desk FER's "disgust" is mostly irritation or distaste,
  which intense music feeds and calm music defuses, so it is met like fear.

Lift starts where Match does (the first track always fits) and walks towards calm-happy.
"""
from __future__ import annotations

from emotune.library.track import Track
from emotune.mood_space import EMOTIONS, MOOD_VA, MoodPoint, nearest_mood

MATCH_MOOD: dict[str, str] = {
    "happy": "happy",
    "surprise": "energetic",
    "neutral": "calm",
    "sad": "sad",
    "fear": "calm",
    "angry": "angry",
    "disgust": "calm",
}
"""The track mood Match aims at for each listener emotion (neutral: only when the music must change)."""

FITS: dict[str, frozenset[str]] = {
    "happy": frozenset({"happy", "energetic"}),
    "surprise": frozenset({"energetic", "happy"}),
    "neutral": frozenset({"calm", "happy", "sad", "energetic"}),
    "sad": frozenset({"sad", "calm"}),
    "fear": frozenset({"calm"}),
    "angry": frozenset({"angry", "energetic", "calm"}),
    "disgust": frozenset({"calm"}),
}
"""The track moods a listener with each emotion accepts: a track that fits is never switched away from."""

assert set(MATCH_MOOD) == set(FITS) == set(EMOTIONS) and all(MATCH_MOOD[e] in FITS[e] for e in EMOTIONS)
assert all(mood in MOOD_VA for moods in FITS.values() for mood in moods)


def track_mood(track: Track) -> str:
    """The track's named mood ("" when it has no mood position)."""
    if track.mood in MOOD_VA:
        return track.mood
    if track.valence is None or track.arousal is None:
        return ""
    return nearest_mood(MoodPoint(track.valence, track.arousal))


def fits(track: Track | None, emotion: str) -> bool:
    """Whether a listener showing ``emotion`` accepts ``track`` (see the table above)."""
    return track is not None and track_mood(track) in FITS[emotion]


def fitting_emotions(track: Track) -> list[str]:
    """The listener emotions ``track`` fits, in EMOTIONS order (the follow benchmark's ``fits``)."""
    mood = track_mood(track)
    return [emotion for emotion in EMOTIONS if mood in FITS[emotion]]


NEUTRAL_KEEPS = frozenset({"calm", "happy"})
"""The characters a neutral listener's next track carries on; anything else turns calm."""


def match_mood(emotion: str, playing: Track | None = None) -> str:
    """The track mood to aim at for ``emotion``; neutral carries a calm or happy character on."""
    if emotion == "neutral" and playing is not None and track_mood(playing) in NEUTRAL_KEEPS:
        return track_mood(playing)
    return MATCH_MOOD[emotion]
