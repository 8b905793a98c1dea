import time
from types import SimpleNamespace

import numpy as np
import pytest

from emotune.mood_space import EMOTIONS
from emotune.ui.emotion_bars import EmotionBars
from emotune.ui.emotion_panel import EmotionPanel


def _result(mood="happy", raw=True):
    smoothed = np.full(7, 0.05)
    smoothed[EMOTIONS.index("happy")] = 0.7
    raw_probs = np.roll(smoothed, 1) if raw else None
    # FrameResult's fields the panel reads (the real dataclass lives in emotune.inference.pipeline)
    return SimpleNamespace(smoothed_probs=smoothed, raw_probs=raw_probs, mood=mood, mood_confidence=0.62)


@pytest.fixture
def bars(qtbot) -> EmotionBars:
    """Bars on screen, repainting at most 15 times a second."""
    bars = EmotionBars(max_fps=15)
    qtbot.addWidget(bars)
    bars.resize(320, 180)
    bars.show()
    qtbot.waitExposed(bars)
    return bars


def test_bars_repaint_at_most_at_their_rate(bars, qtbot):
    qtbot.wait(100)
    before, started = bars.paint_count, time.monotonic()
    for i in range(200):  # a camera far faster than the screen
        bars.set_probabilities(np.random.dirichlet(np.ones(7)), np.random.dirichlet(np.ones(7)))
        qtbot.wait(1)
    qtbot.wait(150)
    painted, elapsed = bars.paint_count - before, time.monotonic() - started
    assert 1 <= painted <= 15 * elapsed + 2  # at most ~15 Hz however slow the machine, never one per value


def test_bars_do_not_repaint_while_nothing_changes(bars, qtbot):
    bars.set_probabilities(np.random.dirichlet(np.ones(7)), None)
    qtbot.waitUntil(lambda: not bars._timer.isActive(), timeout=1000)
    qtbot.wait(50)
    before = bars.paint_count
    qtbot.wait(400)  # six of its ticks: no values, no paints, no timer
    assert bars.paint_count == before and not bars._timer.isActive()


def test_bars_keep_smoothed_and_raw_apart(qtbot):
    bars = EmotionBars()
    qtbot.addWidget(bars)
    smoothed = [0.1, 0, 0, 0.6, 0.2, 0, 0.1]
    raw = [0, 0, 0, 0.9, 0.1, 0, 0]
    bars.set_probabilities(smoothed, raw)
    assert bars.smoothed == tuple(smoothed) and bars.raw == tuple(raw) and bars.face_seen
    bars.set_probabilities(smoothed, None)
    assert bars.raw is None and not bars.face_seen


def test_panel_shows_mood_confidence_and_reason(qtbot):
    panel = EmotionPanel()
    qtbot.addWidget(panel)
    panel.show_result(_result())
    assert "Happy" in panel.headline.text()
    assert panel.confidence.text() == "Confidence 62%"
    panel.show_result(_result(raw=False))
    assert "held" in panel.confidence.text()
    panel.show_reason("Sad 0.62 → lift → calm")
    assert "Sad 0.62 → lift → calm" in panel.reason.text()
    panel.show_camera_off()
    assert panel.headline.text() == "Camera off" and not panel.bars.face_seen


def test_a_face_gone_for_a_second_reads_no_face_with_the_held_mood_below(qtbot):
    panel = EmotionPanel()
    qtbot.addWidget(panel)

    def at(t, raw=True, mood="happy"):
        result = _result(mood=mood, raw=raw)
        result.t = t
        panel.show_result(result)

    at(10.0)
    at(10.5, raw=False)  # a blink or a head turn: still the mood
    assert "Happy" in panel.headline.text() and panel.confidence.text() == "Confidence 62%"
    at(11.2, raw=False)  # gone for over a second (a video that ended, a camera that is lost)
    assert panel.headline.text() == "No face in view"
    assert panel.confidence.text() == "Happy 62% · held for 5 s, then relaxing to neutral"
    at(17.0, raw=False, mood="neutral")
    assert panel.headline.text() == "No face in view" and panel.confidence.text().startswith("Neutral")
    at(18.0)  # back
    assert "Happy" in panel.headline.text()
    at(19.0, raw=False, mood=None)
    assert panel.headline.text() == "No face in view"


def test_a_mood_lagging_behind_its_bars_says_what_is_rising_and_the_tick_is_explained(qtbot):
    panel = EmotionPanel()
    qtbot.addWidget(panel)
    smoothed = np.full(7, 0.1)
    smoothed[EMOTIONS.index("fear")] = 0.31
    smoothed[EMOTIONS.index("neutral")] = 0.18
    smoothed /= smoothed.sum()
    result = SimpleNamespace(smoothed_probs=smoothed, raw_probs=smoothed, mood="neutral",
                             mood_confidence=float(smoothed[EMOTIONS.index("neutral")]), t=1.0)
    panel.show_result(result)
    fear = round(float(smoothed[EMOTIONS.index("fear")]) * 100)
    assert panel.confidence.text() == f"Confidence {round(result.mood_confidence * 100)}% · Fear {fear}% rising"
    assert "tick" in panel.bars.toolTip() and "tick" in panel.legend.text()


def test_confidence_figures_change_at_most_once_a_second(qtbot):
    """Figures that change with every analysed frame cannot be read (and relay the window out each
    time); a change of what the line says shows at once."""
    panel = EmotionPanel()
    qtbot.addWidget(panel)
    for confidence in (0.62, 0.64, 0.66, 0.70):
        panel.show_result(SimpleNamespace(**{**vars(_result()), "mood_confidence": confidence}))
    assert panel.confidence.text() == "Confidence 62%"
    panel.show_result(SimpleNamespace(**{**vars(_result()), "mood": "sad"}))
    assert panel.confidence.text().startswith("Confidence 62% · Happy 70% rising")
    qtbot.wait(1050)
    panel.show_result(SimpleNamespace(**{**vars(_result()), "mood": "sad", "mood_confidence": 0.7}))
    assert panel.confidence.text().startswith("Confidence 70%")
