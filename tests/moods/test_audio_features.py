"""Each feature measured on a signal built to have a known value of it."""
from __future__ import annotations

import time

import numpy as np
import pytest

from emotune.moods.audio_features import extract_features
from mood_signals import MAJOR_PROGRESSION, MINOR_PROGRESSION, RATE, chords, clicks, level_db, note


@pytest.mark.parametrize("bpm", [62.0, 90.0, 128.0, 150.0, 174.0])
def test_tempo_of_a_click_track_is_within_five_percent(bpm):
    features = extract_features(clicks(bpm, 20.0), RATE)
    assert features.tempo_bpm == pytest.approx(bpm, rel=0.05)
    assert features.pulse_clarity > 0.5


def test_a_slow_pulse_with_a_clear_double_is_heard_at_the_faster_rate():
    # Accents every other beat make the half-bar the strongest period; the beat is still audible.
    features = extract_features(clicks(140.0, 20.0, accent_every=2), RATE)
    assert features.tempo_bpm == pytest.approx(140.0, rel=0.05)


def test_onset_rate_counts_the_hits():
    sparse = extract_features(clicks(60.0, 20.0), RATE)
    dense = extract_features(clicks(240.0, 20.0), RATE)
    assert sparse.onset_rate == pytest.approx(1.0, abs=0.25)
    assert dense.onset_rate == pytest.approx(4.0, abs=0.6)


def test_major_and_minor_progressions_are_told_apart():
    major = extract_features(chords(MAJOR_PROGRESSION, 16.0), RATE)
    minor = extract_features(chords(MINOR_PROGRESSION, 16.0), RATE)
    assert major.key == "C major" and major.mode > 0.05
    assert minor.key == "A minor" and minor.mode < -0.05


def test_loudness_follows_the_level_and_soft_is_below_loud():
    music = chords(MAJOR_PROGRESSION, 10.0)
    loud = extract_features(music, RATE)
    soft = extract_features(0.1 * music, RATE)
    assert loud.loudness_db - soft.loudness_db == pytest.approx(20.0, abs=0.5)
    # chords are held without gaps, so every frame sounds and the level is the signal's own
    assert loud.loudness_db == pytest.approx(level_db(music), abs=1.0)


def test_dynamics_are_wider_for_music_that_swells():
    steady = chords(MAJOR_PROGRESSION, 12.0)
    swell = steady * np.interp(np.arange(steady.size), [0, steady.size / 2, steady.size], [0.05, 1.0, 0.05])
    assert extract_features(swell, RATE).dynamics_db > extract_features(steady, RATE).dynamics_db + 10


def test_bright_timbre_has_a_higher_centroid_than_dark():
    bright = np.concatenate([note(57, 1.0, harmonics=40, rolloff=1.0) for _ in range(8)])
    dark = np.concatenate([note(57, 1.0, harmonics=1) for _ in range(8)])
    bright_features, dark_features = extract_features(bright, RATE), extract_features(dark, RATE)
    assert bright_features.centroid_hz > 3 * dark_features.centroid_hz
    assert bright_features.brightness > 0.2 > dark_features.brightness


def test_silence_and_very_short_input_do_not_crash():
    silent = extract_features(np.zeros(RATE * 4, dtype=np.float32), RATE)
    assert silent.loudness_db <= -70 and silent.onset_rate == 0.0
    short = extract_features(clicks(120.0, 0.5), RATE)
    assert np.isfinite(short.loudness_db)


def test_thirty_seconds_analyse_well_under_a_second():
    music = chords(MAJOR_PROGRESSION, 30.0) + clicks(120.0, 30.0)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        extract_features(music, RATE)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 1.0
