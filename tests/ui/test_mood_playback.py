"""The camera's mood steering playback through the window: the music follows a mood that has held, the
reason shown, manual mode deaf to the camera. Results are real FrameResult records, as the pipeline
sends them."""
import itertools

import numpy as np

from emotune.inference.pipeline import FrameResult
from emotune.mood_space import EMOTIONS
from emotune.moods.switch_gate import HOLD_S
from emotune.player.base_player import PlayerState

_frame_times = itertools.count(0.0, 0.5)


def seen(emotion: str, confidence: float = 0.8, t: float | None = None) -> FrameResult:
    probs = np.full(len(EMOTIONS), (1.0 - confidence) / (len(EMOTIONS) - 1))
    probs[EMOTIONS.index(emotion)] = confidence
    box = (200, 120, 160, 160)
    return FrameResult(t=next(_frame_times) if t is None else t, faces=[box], followed=box, raw_probs=probs,
                       smoothed_probs=probs, mood=emotion, mood_confidence=confidence, ms=8.0)


def show(window, result: FrameResult) -> None:
    """What the perception controller sends for one analysed frame: the result for the panels, its
    mood event for the DJs."""
    window.perception.result_ready.emit(result)
    window.perception.mood_event.emit(result.event)


def hold(window, emotion: str, confidence: float = 0.8) -> None:
    """The listener shows ``emotion`` for longer than the switching rule's hold."""
    for _ in range(int(HOLD_S / 0.5) + 2):
        show(window, seen(emotion, confidence))


def upcoming_moods(window):
    return [track.mood for track in window.services.queue.upcoming()]


def test_a_change_of_mood_rebuilds_the_queue(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library], settings_values={"switch_behaviour": "finish"})
    hold(window, "happy")
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=3000)
    first = window.playback.current
    assert first.mood == "happy"
    qtbot.waitUntil(lambda: "Happy 80% → match → happy" in window.emotion_panel.reason.text(), timeout=3000)
    assert upcoming_moods(window)[0] in ("happy", "energetic")
    show(window, seen("sad"))
    assert upcoming_moods(window)[0] in ("happy", "energetic")  # one frame of sadness changes nothing
    hold(window, "sad")
    assert upcoming_moods(window)[0] == "sad"
    assert window.playback.current is first  # "finish": the happy song plays to its end
    assert window.services.player.state is PlayerState.PLAYING
    assert "Sad" in window.emotion_panel.headline.text() and window.emotion_panel.bars.face_seen


def test_immediate_switch_plays_the_new_mood_at_once(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library], settings_values={"switch_behaviour": "immediate"})
    hold(window, "happy")
    window.playback.start_mood_playback()
    qtbot.waitUntil(lambda: len(window.playback.played_uris) == 1, timeout=3000)
    show(window, seen("sad", 0.7))
    qtbot.waitUntil(lambda: len(window.playback.played_uris) == 2, timeout=3000)
    assert window.playback.current.mood == "sad"
    qtbot.waitUntil(lambda: "Sad 70% → match → sad" in window.emotion_panel.reason.text(), timeout=3000)
    history = window.history
    assert [segment.mood for segment in history.played] == ["happy", "sad"]
    assert [mood for _t, mood in history.seen] == ["happy", "sad"]


def test_lift_walks_from_the_mood_towards_content(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    window.policy_selector.segments.buttons["lift"].click()
    assert window.services.policy.mode == "lift" and window.settings.get("policy") == "lift"
    hold(window, "sad")
    window.playback.start_mood_playback()
    qtbot.waitUntil(lambda: window.playback.current is not None, timeout=3000)
    assert window.playback.current.mood == "sad"  # the iso principle: meet the mood first
    qtbot.waitUntil(lambda: "→ lift, step 1 of " in window.emotion_panel.reason.text(), timeout=3000)
    moods = upcoming_moods(window)
    assert moods[-1] in ("calm", "happy")  # and end up content


def test_manual_mode_ignores_the_camera(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    selector = window.policy_selector
    selector.segments.buttons["manual"].click()
    assert selector.mood_combo.isVisible()
    selector.mood_combo.setCurrentIndex(selector.mood_combo.findData("calm"))
    selector.mood_combo.activated.emit(selector.mood_combo.currentIndex())
    assert window.settings.get("manual_mood") == "calm" and window.services.policy.manual_mood == "calm"
    hold(window, "angry", 0.9)
    window.playback.start_mood_playback()
    qtbot.waitUntil(lambda: window.playback.current is not None, timeout=3000)
    assert window.playback.current.mood == "calm"
    before = upcoming_moods(window)
    for emotion in ("happy", "sad", "surprise"):
        show(window, seen(emotion, 0.95))
    assert upcoming_moods(window) == before  # the camera changes nothing
    assert all(mood == "calm" for mood in before[:2])
    qtbot.waitUntil(lambda: "Manual" in window.emotion_panel.reason.text(), timeout=3000)
    assert "Happy" not in window.emotion_panel.reason.text()


def test_up_next_follows_the_mood(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    show(window, seen("happy"))
    window.playback.start_mood_playback()  # starts from the mood shown now, held or not
    qtbot.waitUntil(lambda: window.playback.current is not None, timeout=3000)
    assert window.playback.current.mood == "happy"
    hold(window, "sad")
    following = window.services.queue.peek_next()
    assert following.mood == "sad"
    assert window.emotion_panel.up_next.text().startswith(f"Up next: {following.title}")


def test_manual_happy_plays_happy_tracks_and_the_panel_tells_a_picked_track_apart(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library], settings_values={"policy": "manual", "manual_mood": "happy"})
    window.playback.start_mood_playback()
    for _ in range(4):  # the demo library is small: the no-repeat rule yields to the chosen mood
        qtbot.waitUntil(lambda: window.playback.current is not None, timeout=3000)
        assert window.playback.current.mood == "happy"
        qtbot.waitUntil(lambda: "playing" in window.emotion_panel.reason.text(), timeout=3000)
        window.playback.next()
    calm = next(track for track in window.services.library_tracks() if track.mood == "calm")
    window.playback.play_track(calm, [calm])
    qtbot.waitUntil(lambda: "Chosen by you" in window.emotion_panel.reason.text(), timeout=3000)
    assert "happy" not in window.emotion_panel.reason.text()


def test_a_track_damaged_since_the_scan_is_skipped_marked_and_explained(make_window, demo_library, qtbot):
    from pathlib import Path

    from PySide6.QtCore import Qt

    window = make_window(folders=[demo_library])
    failures = []
    window.router.failed.connect(failures.append)
    tracks = window.services.library_tracks()
    broken, others = tracks[0], tracks[1:]
    Path(broken.path).write_bytes(b"not audio any more\n" * 50)
    window.playback.play_track(broken, [broken, *others])
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=3000)
    assert window.playback.current is not broken
    assert any(error.short.startswith("Skipped") and broken.display_title in error.short for error in failures)
    reason = window.model.unplayable_reason(broken.id)
    assert reason, "the library does not show the track as unplayable"
    row = window.model.row_of(broken.id)
    tooltip = window.model.data(window.model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Cannot play:")


def test_play_with_the_music_files_gone_says_so_not_that_the_library_is_empty(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    assert window.library.tracks()
    for path in demo_library.rglob("*"):  # the drive with the music is unplugged
        if path.is_file():
            path.unlink()
    messages = []
    window.playback.failed.connect(lambda error: messages.append(error.short))
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: "Playback stopped" in messages, timeout=8000)
    qtbot.wait(300)
    assert "Nothing to play yet" not in messages and window.statusBar().currentMessage() == "Playback stopped"
    assert window.services.player.state is not PlayerState.PLAYING
