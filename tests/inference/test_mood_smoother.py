"""The smoother: steady moods, clear changes, no flicker, holding through a glance away, fps-independent."""
from __future__ import annotations

import numpy as np
import pytest

from emotune.inference.mood_smoother import MoodSmoother, SmootherParams
from emotune.mood_space import EMOTIONS


def probs(main: str, p: float = 0.7) -> np.ndarray:
    """``p`` on one emotion, the rest spread evenly: a typical confident classifier output."""
    out = np.full(len(EMOTIONS), (1 - p) / (len(EMOTIONS) - 1))
    out[EMOTIONS.index(main)] = p
    return out


def feed(smoother: MoodSmoother, fps: float, start: float, seconds: float, face) -> list:
    """Feed ``face(t)`` (probabilities or None) at ``fps``; returns (t, state) pairs."""
    states = []
    for i in range(int(round(seconds * fps))):
        t = start + i / fps
        states.append((t, smoother.update(t, face(t))))
    return states


def first_time(states, mood: str) -> float | None:
    return next((t for t, state in states if state.mood == mood), None)


def test_steady_input_settles_once() -> None:
    smoother = MoodSmoother(0.5)
    states = feed(smoother, 15, 0.0, 10.0, lambda t: probs("happy"))
    assert states[0][1].mood is None  # one frame is no evidence yet
    assert first_time(states, "happy") <= smoother.params.dwell_s + 0.1
    assert sum(state.changed for _, state in states) == 1
    last = states[-1][1]
    assert last.mood == "happy" and last.confidence == pytest.approx(0.7)
    np.testing.assert_allclose(last.smoothed_probs.sum(), 1.0)


def test_step_change_is_followed_within_seconds() -> None:
    smoother = MoodSmoother(0.5)
    feed(smoother, 15, 0.0, 10.0, lambda t: probs("happy"))
    states = feed(smoother, 15, 10.0, 10.0, lambda t: probs("sad"))
    switched = first_time(states, "sad")
    assert switched is not None and 10.0 + smoother.params.dwell_s < switched < 12.5
    assert sum(state.changed for _, state in states) == 1


def test_flicker_and_blips_do_not_change_the_mood() -> None:
    smoother = MoodSmoother(0.5)
    feed(smoother, 15, 0.0, 5.0, lambda t: probs("neutral"))
    flicker = feed(smoother, 15, 5.0, 10.0, lambda t: probs("happy" if int(t * 15) % 2 else "neutral"))
    assert all(state.mood == "neutral" for _, state in flicker)
    blips = feed(smoother, 15, 15.0, 10.0, lambda t: probs("angry", 0.9) if t % 3 < 0.4 else probs("neutral"))
    assert all(state.mood == "neutral" for _, state in blips)


def test_no_face_holds_then_relaxes_to_neutral() -> None:
    smoother = MoodSmoother(0.5)
    feed(smoother, 15, 0.0, 5.0, lambda t: probs("happy"))
    away = feed(smoother, 15, 5.0, 20.0, lambda t: None)
    hold = smoother.params.hold_s
    assert all(state.mood == "happy" for t, state in away if t < 5.0 + hold)
    assert all(np.allclose(state.smoothed_probs, away[0][1].smoothed_probs) for t, state in away if t < 5.0 + hold)
    relaxed = first_time(away, "neutral")
    assert relaxed is not None and 5.0 + hold < relaxed < 5.0 + hold + 6.0
    assert away[-1][1].mood == "neutral"


def test_no_face_from_the_start_gives_no_mood() -> None:
    state = feed(MoodSmoother(), 15, 0.0, 10.0, lambda t: None)[-1][1]
    assert state.mood is None and state.confidence == 0.0
    np.testing.assert_allclose(state.smoothed_probs, 1 / len(EMOTIONS))


@pytest.mark.parametrize("responsiveness", [0.0, 0.5, 1.0])
def test_same_behaviour_at_10_and_30_fps(responsiveness: float) -> None:
    switch_times = []
    for fps in (10, 30):
        smoother = MoodSmoother(responsiveness)
        feed(smoother, fps, 0.0, 10.0, lambda t: probs("neutral"))
        switch_times.append(first_time(feed(smoother, fps, 10.0, 10.0, lambda t: probs("surprise")), "surprise"))
    assert None not in switch_times
    assert abs(switch_times[0] - switch_times[1]) <= 0.15


def test_responsiveness_orders_speed_and_is_clipped() -> None:
    stable, default, quick = (SmootherParams.from_responsiveness(r) for r in (0.0, 0.5, 1.0))
    assert stable.window_s > default.window_s > quick.window_s
    assert stable.margin > default.margin > quick.margin
    assert stable.dwell_s > default.dwell_s > quick.dwell_s
    assert SmootherParams.from_responsiveness(7) == quick and SmootherParams.from_responsiveness(-1) == stable
    smoother = MoodSmoother(0.0)
    smoother.set_responsiveness(1.0)
    assert smoother.params == quick


def test_class_prior_lets_an_underrated_emotion_win_when_every_frame_leans_to_it() -> None:
    """The model is calibrated to FER2013, where disgust is 1.6 % of faces: a disgusted face often gets
    only 0.3 "disgust". With the prior partly divided out, a steady lean like that becomes the mood;
    without a prior (uniform) the larger "angry" share would win."""
    prior = np.array([0.130, 0.016, 0.138, 0.249, 0.182, 0.116, 0.169])
    face = np.array([0.35, 0.30, 0.10, 0.05, 0.08, 0.04, 0.08])
    with_prior = feed(MoodSmoother(0.5, prior), 15, 0.0, 5.0, lambda t: face)[-1][1]
    without = feed(MoodSmoother(0.5), 15, 0.0, 5.0, lambda t: face)[-1][1]
    assert with_prior.mood == "disgust" and without.mood == "angry"


def test_window_forgets_old_evidence() -> None:
    """After a long happy spell, a sad face needs no longer to take over than after a short one."""
    switch = []
    for happy_s in (3.0, 60.0):
        smoother = MoodSmoother(0.5)
        feed(smoother, 15, 0.0, happy_s, lambda t: probs("happy"))
        switch.append(first_time(feed(smoother, 15, happy_s, 10.0, lambda t: probs("sad")), "sad") - happy_s)
    assert abs(switch[0] - switch[1]) <= 0.1


def test_a_frame_after_a_stall_does_not_outweigh_the_window() -> None:
    """A 3 s hiccup in the camera, then one misread frame: it counts as at most a moment, not as 3 s."""
    smoother = MoodSmoother(0.5)
    feed(smoother, 15, 0.0, 5.0, lambda t: probs("neutral"))
    smoother.update(8.0, probs("angry", 0.95))
    after = feed(smoother, 15, 8.0 + 1 / 15, 2.0, lambda t: probs("neutral"))
    assert all(state.mood == "neutral" for _, state in after)


def test_relaxed_once_the_no_face_rule_has_brought_the_mood_to_neutral() -> None:
    smoother = MoodSmoother(0.5)
    assert smoother.relaxed(0.0)  # nothing seen: nothing to relax
    feed(smoother, 15, 0.0, 5.0, lambda t: probs("happy"))
    assert not smoother.relaxed(5.0)
    steps = []
    for i in range(150):  # no face at 5 Hz, as the perception worker sends once frames stop
        t = 5.0 + i / 5
        steps.append((t, smoother.update(t, None).mood, smoother.relaxed(t)))
    relaxed_at = next(t for t, _, relaxed in steps if relaxed)
    neutral_at = next(t for t, mood, _ in steps if mood == "neutral")
    assert relaxed_at >= max(neutral_at, 5.0 + smoother.params.hold_s)
    assert all(relaxed for t, _, relaxed in steps if t >= relaxed_at)  # and it stays so
