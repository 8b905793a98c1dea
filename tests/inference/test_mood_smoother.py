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
    assert stable.time_constant_s > default.time_constant_s > quick.time_constant_s
    assert stable.margin > default.margin > quick.margin
    assert stable.dwell_s > default.dwell_s > quick.dwell_s
    assert SmootherParams.from_responsiveness(7) == quick and SmootherParams.from_responsiveness(-1) == stable
    smoother = MoodSmoother(0.0)
    smoother.set_responsiveness(1.0)
    assert smoother.params == quick
