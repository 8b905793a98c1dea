"""The estimator on contrasting synthesised clips, the genre prior, and the order of trust in moods."""
from __future__ import annotations

import pytest

from emotune.library.track import Track
from emotune.mood_space import MOOD_VA
from emotune.moods.audio_decoder import AudioAnalysisError
from emotune.moods.audio_features import extract_features
from emotune.moods.genre_prior import genre_prior
from emotune.moods.mood_estimator import METHOD, estimate_from_features, estimate_mood, resolve_mood
from mood_signals import MAJOR_PROGRESSION, MINOR_PROGRESSION, RATE, chords, drums

SECONDS = 16.0


@pytest.fixture(scope="module")
def estimates():
    """One clip per mood, built from the cues the mood is known for (and nothing else)."""
    clips = {
        "happy": chords(MAJOR_PROGRESSION, SECONDS, bpm=124, harmonics=8, level=0.2) + 0.2 * drums(124, SECONDS),
        "energetic": chords(MAJOR_PROGRESSION, SECONDS, bpm=150, harmonics=16, level=0.4) + 0.6 * drums(150, SECONDS),
        "angry": chords(MINOR_PROGRESSION, SECONDS, bpm=150, harmonics=16, level=0.4) + 0.6 * drums(150, SECONDS),
        "calm": chords(MAJOR_PROGRESSION, SECONDS, bpm=64, harmonics=2, level=0.05),
        "sad": chords(MINOR_PROGRESSION, SECONDS, bpm=64, harmonics=2, level=0.04),
    }
    return {name: estimate_from_features(extract_features(clip, RATE)) for name, clip in clips.items()}


def test_contrasting_clips_are_ordered_on_both_axes(estimates):
    e = estimates
    assert e["happy"].valence > e["sad"].valence + 0.5
    assert e["calm"].valence > e["sad"].valence + 0.5
    assert e["energetic"].valence > e["angry"].valence + 0.5
    assert e["energetic"].arousal > e["happy"].arousal > e["calm"].arousal
    assert e["angry"].arousal > e["sad"].arousal + 0.8
    assert min(e["sad"].arousal, e["calm"].arousal) < -0.3 < 0.3 < min(e["energetic"].arousal, e["angry"].arousal)


def test_each_clip_lands_on_its_mood(estimates):
    assert {name: estimate.mood for name, estimate in estimates.items()} == {name: name for name in estimates}
    assert all(estimate.method == METHOD for estimate in estimates.values())


def test_a_genre_pulls_the_estimate_towards_its_typical_mood(estimates):
    features = estimates["happy"].features
    plain = estimate_from_features(features)
    metal = estimate_from_features(features, "Death Metal")
    ambient = estimate_from_features(features, "ambient / drone")
    assert metal.method == f"{METHOD}+genre" and ambient.method == f"{METHOD}+genre"
    assert metal.arousal > plain.arousal and metal.valence < plain.valence
    assert ambient.arousal < plain.arousal
    prior = genre_prior("Death Metal")
    # a weighted blend: the audio keeps the larger say
    assert metal.valence == pytest.approx((1 - prior.weight) * plain.valence + prior.weight * prior.point.valence)
    assert prior.weight < 0.5


def test_unknown_genres_and_lookalike_words_leave_the_estimate_alone(estimates):
    features = estimates["sad"].features
    plain = estimate_from_features(features)
    for genre in ("", "Spoken Word", "Demo", "Memo"):
        assert estimate_from_features(features, genre) == plain
    assert genre_prior("Emo").matched == ("emo",)
    assert genre_prior("Synthpop; Dance").matched == ("dance", "pop")


def test_estimate_mood_reads_a_real_file(write_clip):
    path = write_clip("sad.ogg", chords(MINOR_PROGRESSION, 12.0, bpm=64, harmonics=2, level=0.04))
    estimate = estimate_mood(path)
    assert estimate.mood == "sad" and estimate.features.key == "A minor"
    assert estimate_mood(path, genre="Classical").method == f"{METHOD}+genre"


def test_too_short_and_silent_files_are_refused_with_a_reason(write_clip):
    short = write_clip("short.flac", chords(MAJOR_PROGRESSION, 1.5))
    silent = write_clip("silent.flac", 0.0 * chords(MAJOR_PROGRESSION, 6.0))
    with pytest.raises(AudioAnalysisError, match="too short"):
        estimate_mood(short)
    with pytest.raises(AudioAnalysisError, match="silent"):
        estimate_mood(silent)


def test_resolve_mood_trusts_user_then_tag_then_folder_then_audio(estimates):
    audio = estimates["energetic"]
    tagged = Track(path="/m/a.mp3", mood_tag="Chill; Happy")
    assert resolve_mood(tagged, audio).source == "tag" and resolve_mood(tagged, audio).mood == "calm"
    user = Track(path="/m/b.mp3", mood_tag="sad", mood="happy", mood_source="user", valence=0.7, arousal=0.45)
    assert resolve_mood(user, audio).source == "user" and resolve_mood(user).mood == "happy"
    folder = Track(path="/m/sad/c.mp3", mood="sad", mood_source="folder", valence=-0.65, arousal=-0.45)
    resolved = resolve_mood(folder, audio)
    assert (resolved.source, resolved.mood, resolved.valence) == ("folder", "sad", MOOD_VA["sad"][0])
    plain = Track(path="/m/d.mp3", mood_tag="not a mood")
    resolved = resolve_mood(plain, audio)
    assert (resolved.source, resolved.mood, resolved.method) == ("audio", "energetic", METHOD)
    assert resolve_mood(plain) is None
    stored = Track(path="/m/e.mp3", mood="calm", mood_source="audio", mood_method=METHOD, valence=0.4, arousal=-0.5)
    assert resolve_mood(stored).valence == 0.4 and resolve_mood(stored).source == "audio"
