"""The emotion → music table that the README shows, and that every policy reads."""
from __future__ import annotations

from emotune.choices import PolicyMode
from emotune.library.track import Track
from emotune.mood_space import EMOTIONS, MOOD_VA
from emotune.moods.music_table import FITS, MATCH_MOOD, fits, fitting_emotions, match_mood
from emotune.moods.selection_policy import Listener, SelectionPolicy


def tagged(mood: str) -> Track:
    return Track(path=f"/m/{mood}.flac", mood=mood, mood_source="tag", valence=MOOD_VA[mood][0],
                 arousal=MOOD_VA[mood][1])


def test_fear_and_disgust_are_calmed_never_met_with_anger():
    for emotion in ("fear", "disgust"):
        assert MATCH_MOOD[emotion] == "calm" and "angry" not in FITS[emotion]


def test_neutral_keeps_an_acceptable_character_and_is_otherwise_calm():
    assert match_mood("neutral", tagged("happy")) == "happy"
    assert match_mood("neutral", tagged("calm")) == "calm"
    assert match_mood("neutral", tagged("sad")) == "calm"
    assert match_mood("neutral", tagged("angry")) == "calm"
    assert match_mood("neutral", None) == "calm"


def test_every_emotion_has_music_and_match_aims_at_music_that_fits():
    for emotion in EMOTIONS:
        assert fits(tagged(MATCH_MOOD[emotion]), emotion)


def test_fitting_emotions_read_the_table():
    assert fitting_emotions(tagged("calm")) == ["angry", "disgust", "fear", "sad", "neutral"]
    assert fitting_emotions(tagged("angry")) == ["angry"]
    assert fitting_emotions(tagged("sad")) == ["sad", "neutral"]


def test_lift_starts_where_match_does_and_ends_calm_happy():
    library = [tagged(mood) for mood in MOOD_VA]
    for emotion in EMOTIONS:
        listener = Listener(emotion, 0.8)
        match = SelectionPolicy(PolicyMode.MATCH).targets(listener, 1)[0]
        lift = SelectionPolicy(PolicyMode.LIFT).targets(listener, 12)
        assert lift[0].point == match.point
        assert lift[-1].point == SelectionPolicy(PolicyMode.LIFT).goal
    first = SelectionPolicy(PolicyMode.LIFT).build_queue(library, Listener("sad", 0.7), [], 1, __import__("random").Random(0))
    assert first[0].track.mood == "sad" and first[0].reason.startswith("Sad 70% → lift, step 1 of")
