"""The Spotify DJ without Qt, against the fake Spotify server: the same switching rule and table as
local music, choosing playlists on the user's device."""
from __future__ import annotations

import time

from emotune.choices import PolicyMode, SwitchBehaviour
from emotune.inference.mood_event import MoodEvent
from emotune.mood_space import EMOTIONS
from emotune.moods.playlist_dj import PlaylistDJ
from emotune.moods.selection_policy import SelectionPolicy
from emotune.moods.switch_gate import HOLD_S


def event(t: float, mood: str | None, face: bool = True) -> MoodEvent:
    probabilities = {name: (0.7 if name == mood else 0.05) for name in EMOTIONS}
    return MoodEvent(t, mood, 0.7 if mood else 0.0, probabilities, changed=False, face_present=face)


def listen(dj: PlaylistDJ, start: float, seconds: float, mood: str | None, face: bool = True) -> float:
    t = start
    while t < start + seconds:
        dj.on_mood(event(t, mood, face))
        t += 0.25
    return t


def context(fake) -> str:
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and (fake.playback is None or not fake.playback.context_uri):
        time.sleep(0.02)
    return fake.playback.context_uri if fake.playback else ""


def make_dj(linked, behaviour=SwitchBehaviour.CROSSFADE, mode=PolicyMode.MATCH):
    dj = PlaylistDJ(lambda: linked.player, SelectionPolicy(mode), linked.mood_source, switch_behaviour=behaviour)
    started: list[tuple[str, str]] = []
    dj.on_started(lambda mood, reason: started.append((mood, reason)))
    return dj, started


def wait_for(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_it_starts_from_the_mood_shown_and_follows_one_that_holds(linked, fake):
    dj, started = make_dj(linked)
    t = listen(dj, 0.0, 1.0, "happy")
    dj.start()
    assert wait_for(lambda: fake.playback and fake.playback.context_uri == "spotify:playlist:pubHappy")
    assert started[-1][0] == "happy" and started[-1][1].startswith("Happy 70% → match → happy · Spotify: ")
    t = listen(dj, t, HOLD_S - 1.5, "sad")  # a passing expression
    assert [mood for mood, _ in started] == ["happy"]
    t = listen(dj, t, 10.0, "happy")
    listen(dj, t, HOLD_S + 1.0, "sad")  # one that holds
    assert wait_for(lambda: fake.playback.context_uri == "spotify:playlist:pubSad")
    assert [mood for mood, _ in started] == ["happy", "sad"]


def test_a_playlist_that_fits_the_new_mood_is_kept_and_absence_changes_nothing(linked, fake):
    dj, started = make_dj(linked)
    t = listen(dj, 0.0, 1.0, "happy")
    dj.start()
    assert wait_for(lambda: len(started) == 1)
    t = listen(dj, t, HOLD_S + 1, "surprise")  # happy music fits surprise
    t = listen(dj, t, 30.0, None, face=False)
    listen(dj, t, HOLD_S + 1, "neutral")  # and neutral keeps it
    assert [mood for mood, _ in started] == ["happy"]


def test_fear_gets_a_calm_playlist_and_manual_plays_the_chosen_mood(linked, fake):
    dj, started = make_dj(linked)
    t = listen(dj, 0.0, 1.0, "angry")
    dj.start()
    assert wait_for(lambda: len(started) == 1) and started[0][0] == "angry"
    listen(dj, t, HOLD_S + 1, "fear")
    assert wait_for(lambda: len(started) == 2) and started[1][0] == "calm"
    dj.policy.set_mode(PolicyMode.MANUAL, "energetic")
    dj.policy_changed()
    assert wait_for(lambda: len(started) == 3) and started[2] == ("energetic", started[2][1])
    assert started[2][1].startswith("Manual → energetic")


def test_finish_waits_for_spotifys_next_track(linked, fake):
    dj, started = make_dj(linked, SwitchBehaviour.FINISH)
    t = listen(dj, 0.0, 1.0, "happy")
    dj.start()
    assert wait_for(lambda: len(started) == 1)
    listen(dj, t, HOLD_S + 1, "sad")
    assert len(started) == 1  # the happy playlist's track goes on
    dj.item_changed()  # Spotify moved on to its next track
    assert wait_for(lambda: len(started) == 2) and started[1][0] == "sad"
