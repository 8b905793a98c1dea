"""The selection policy: where it aims for each mode, and how it picks among the library's tracks."""
from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from emotune.library.track import Track
from emotune.choices import PolicyMode
from emotune.mood_space import EMOTIONS, MOOD_VA, MoodPoint
from emotune.moods.selection_policy import (
    LIFT_GOAL,
    LIFT_STEP,
    RECENT_LIMIT,
    Listener,
    SelectionPolicy,
    Target,
    emotion_probabilities,
    pick_next,
    track_point,
)


def probs(**values: float) -> Listener:
    """The listener whose stable mood is the largest of ``values``, at that confidence."""
    emotion = max(values, key=values.get)
    return Listener(emotion, values[emotion] / sum(values.values()))


def library(per_mood: int = 4) -> list[Track]:
    """``per_mood`` tracks around each mood centre, a little apart so that 'nearest' means something."""
    tracks = []
    for mood, (valence, arousal) in MOOD_VA.items():
        for i in range(per_mood):
            tracks.append(Track(path=f"/music/{mood}/{i}.flac", title=f"{mood} {i}", mood=mood, mood_source="tag",
                                valence=valence + 0.03 * i, arousal=arousal - 0.02 * i))
    return tracks


def test_probabilities_come_as_arrays_or_dicts_and_are_normalised():
    from_dict = emotion_probabilities({"sad": 2.0, "neutral": 2.0})
    assert from_dict[EMOTIONS.index("sad")] == pytest.approx(0.5)
    assert emotion_probabilities(np.zeros(7))[EMOTIONS.index("neutral")] == 1.0
    with pytest.raises(ValueError):
        emotion_probabilities([0.5, 0.5])


def test_the_listener_is_the_leading_emotion_of_a_distribution():
    listener = Listener.from_probabilities({"happy": 0.75, "neutral": 0.25})
    assert (listener.emotion, listener.confidence) == ("happy", pytest.approx(0.75))


def test_match_picks_the_tables_mood_and_says_why():
    policy = SelectionPolicy(PolicyMode.MATCH)
    rng = random.Random(1)
    tracks = library()
    for emotion, expected in (("happy", "happy"), ("sad", "sad"), ("angry", "angry"), ("surprise", "energetic"),
                              ("fear", "calm"), ("disgust", "calm"), ("neutral", "calm")):
        target = policy.targets(probs(**{emotion: 1.0}), 1)[0]
        assert target.point == MoodPoint(*MOOD_VA[expected])
        for _ in range(20):
            selection = pick_next(tracks, target, [], rng)
            assert selection.track.mood == expected
    selection = pick_next(tracks, policy.targets(probs(happy=0.81, neutral=0.19), 1)[0], [], rng)
    assert selection.reason == "Happy 81% → match → happy"


def test_lift_starts_at_the_listener_and_steps_towards_calm_happiness_from_sad():
    policy = SelectionPolicy("lift")
    targets = policy.targets(probs(sad=1.0), 8)
    points = [target.point for target in targets]
    assert points[0] == MoodPoint(*MOOD_VA["sad"])  # iso principle: meet the listener first
    distances = [point.distance(LIFT_GOAL) for point in points]
    assert all(later < earlier for earlier, later in zip(distances, distances[1:targets[0].steps + 1]))
    steps = [a.distance(b) for a, b in zip(points, points[1:])]
    assert all(step == pytest.approx(LIFT_STEP, abs=1e-9) for step in steps[:targets[0].steps - 1])
    assert points[-1] == LIFT_GOAL  # and it stays there
    assert all(b.valence > a.valence for a, b in zip(points, points[1:targets[0].steps + 1]))


def test_lift_calms_an_angry_listener_before_brightening():
    targets = SelectionPolicy("lift").targets(probs(angry=1.0), 10)
    points = [target.point for target in targets]
    assert points[0] == MoodPoint(*MOOD_VA["angry"])
    first_moves = list(zip(points, points[1:3]))
    assert all((a.arousal - b.arousal) > 2 * (b.valence - a.valence) for a, b in first_moves)  # mostly down
    assert points[-1] == LIFT_GOAL
    arousal = [point.arousal for point in points]
    assert all(b <= a + 1e-9 for a, b in zip(arousal, arousal[1:]))


def test_lift_queue_moves_from_sad_music_to_calm_music():
    policy = SelectionPolicy("lift")
    picks = policy.build_queue(library(), probs(sad=0.62, neutral=0.38), [], 6, random.Random(3))
    moods = [selection.track.mood for selection in picks]
    assert moods[0] == "sad" and moods[-1] in ("calm", "happy")
    valences = [selection.track.valence for selection in picks]
    assert valences[-1] > valences[0] + 0.8
    assert picks[0].reason == f"Sad 62% → lift, step 1 of {picks[0].target.steps + 1} → sad"
    assert picks[-1].reason.startswith("Sad 62% → lift, step ")


def test_manual_ignores_the_listener():
    policy = SelectionPolicy("manual", manual_mood="energetic")
    for emotion in ("sad", "angry", "happy"):
        picks = policy.build_queue(library(), probs(**{emotion: 1.0}), [], 4, random.Random(0))
        assert [selection.track.mood for selection in picks] == ["energetic"] * 4
        assert picks[0].reason == "Manual → energetic"
    with pytest.raises(ValueError):
        policy.set_mode("manual", "bored")
    with pytest.raises(ValueError):
        policy.set_mode("shuffle")


def test_no_repeats_within_the_recent_history():
    tracks = [Track(path=f"/calm/{i}.flac", mood="calm", valence=0.45 + 0.01 * i, arousal=-0.6) for i in range(15)]
    tracks += library(per_mood=4)  # the last RECENT_LIMIT played are excluded while fitting ones remain
    target = Target(MoodPoint(*MOOD_VA["calm"]), PolicyMode.MATCH)
    rng = random.Random(5)
    history: list[Track] = []
    for _ in range(200):
        selection = pick_next(tracks, target, history, rng)
        assert selection.track.path not in {track.path for track in history[-RECENT_LIMIT:]}
        history.append(selection.track)


def test_in_a_small_library_fit_beats_variety():
    tracks = library(per_mood=2)
    target = Target(MoodPoint(*MOOD_VA["happy"]), PolicyMode.MANUAL)
    happy = [track for track in tracks if track.mood == "happy"]
    history = [happy[0], tracks[-1], happy[1]]  # both happy tracks were played recently
    for seed in range(20):
        assert pick_next(tracks, target, history, random.Random(seed)).track is happy[0]  # the one played longest ago


def test_variety_over_many_picks():
    tracks = library(per_mood=8)
    target = Target(MoodPoint(*MOOD_VA["happy"]), PolicyMode.MATCH)
    rng = random.Random(11)
    counts = Counter(pick_next(tracks, target, [], rng).track.path for _ in range(400))
    happy = [path for path in counts if "/happy/" in path]
    assert len(happy) >= 4  # not always the single nearest
    assert counts.most_common(1)[0][1] < 0.6 * 400
    assert sum(counts[path] for path in happy) > 0.9 * 400  # but still near the target


def test_ties_are_drawn_fairly():
    tracks = [Track(path=f"/t/{i}.mp3", mood="sad", valence=-0.65, arousal=-0.45) for i in range(10)]
    target = Target(MoodPoint(*MOOD_VA["sad"]), PolicyMode.MATCH)
    rng = random.Random(2)
    counts = Counter(pick_next(tracks, target, [], rng).track.path for _ in range(1000))
    assert len(counts) == 10 and min(counts.values()) > 50


def test_the_same_seed_gives_the_same_queue():
    policy = SelectionPolicy(PolicyMode.MATCH)
    first = policy.build_queue(library(8), probs(happy=1.0), [], 5, random.Random(42))
    second = policy.build_queue(library(8), probs(happy=1.0), [], 5, random.Random(42))
    assert [s.track.path for s in first] == [s.track.path for s in second]
    assert len({s.track.path for s in first}) == 5


def test_tracks_without_a_mood_are_used_only_when_nothing_else_is_left():
    placed = [Track(path="/p/far.mp3", mood="angry", valence=-0.55, arousal=0.8)]
    unplaced = [Track(path=f"/u/{i}.mp3") for i in range(3)]
    target = Target(MoodPoint(*MOOD_VA["calm"]), PolicyMode.MATCH)
    rng = random.Random(0)
    assert all(pick_next(placed + unplaced, target, [], rng).track is placed[0] for _ in range(20))
    selection = pick_next(unplaced, target, [unplaced[0]], rng)
    assert track_point(selection.track) is None and selection.reason.endswith("→ unrated")
    assert selection.track is not unplaced[0]
    assert pick_next([], target, [], rng) is None


def test_without_a_face_the_listener_is_taken_as_neutral():
    target = SelectionPolicy(PolicyMode.MATCH).targets(None, 1)[0]
    assert target.point == MoodPoint(*MOOD_VA["calm"]) and target.listener is None
    selection = pick_next(library(), target, [], random.Random(0))
    assert selection.reason == "No mood yet → match → calm"
