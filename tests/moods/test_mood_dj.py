"""The mood DJ driving the real NullPlayer and PlayQueue, on an injected clock."""
from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from emotune.library.track import Track
from emotune.mood_space import EMOTIONS, MOOD_VA
from emotune.moods.mood_dj import MoodDJ
from emotune.moods.selection_policy import SelectionPolicy
from emotune.player.base_player import PlayerState
from emotune.player.null_player import NullPlayer
from emotune.player.play_queue import PlayQueue

DURATION = 200.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class MoodState:
    """What the perception pipeline sends: the stable mood (None without a face) and smoothed probabilities."""

    mood: str | None
    smoothed_probs: np.ndarray


def state(mood: str | None, confidence: float = 0.8, **others: float) -> MoodState:
    """``mood`` at ``confidence``, ``others`` as given, the rest spread evenly over the remaining emotions."""
    given = {**others, **({mood: confidence} if mood else {})}
    rest = [name for name in EMOTIONS if name not in given]
    spread = max(0.0, 1.0 - sum(given.values())) / len(rest) if rest else 0.0
    return MoodState(mood, np.array([given.get(name, spread) for name in EMOTIONS]))


class Rig:
    def __init__(self, mode: str = "match", manual_mood: str = "calm", switch: str = "finish", queue_length: int = 5):
        self.clock = FakeClock()
        self.tracks = [Track(path=f"/music/{mood}/{i}.flac", mood=mood, mood_source="tag",
                             valence=valence + 0.02 * i, arousal=arousal - 0.02 * i)
                       for mood, (valence, arousal) in MOOD_VA.items() for i in range(6)]
        self.player = NullPlayer(durations={track.path: DURATION for track in self.tracks}, clock=self.clock)
        self.queue = PlayQueue(rng=random.Random(0))
        self.dj = MoodDJ(self.player, self.queue, SelectionPolicy(mode, manual_mood), lambda: self.tracks,
                         clock=self.clock, switch_behaviour=switch, rng=random.Random(7), queue_length=queue_length)
        self.played: list[tuple[Track, str]] = []
        self.started = threading.Event()
        self.dj.on_selection(self._selected)

    def _selected(self, track: Track, reason: str) -> None:
        self.played.append((track, reason))
        self.started.set()

    @property
    def now_playing(self) -> Track:
        return self.played[-1][0]

    def finish_current(self) -> None:
        """Move the clock past the end of the playing track and wait for the player to say it ended."""
        count = len(self.played)
        self.clock.now += DURATION + 1
        deadline = time.monotonic() + 5.0
        while len(self.played) == count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.played) == count + 1, "the next track did not start"

    def upcoming_moods(self) -> list[str]:
        return [track.mood for track in self.queue.upcoming()]


@pytest.fixture
def make_rig():
    rigs: list[Rig] = []

    def make(**kwargs) -> Rig:
        rigs.append(Rig(**kwargs))
        return rigs[-1]

    yield make
    for rig in rigs:
        rig.player.close()


def test_the_first_track_fits_the_mood(make_rig):
    rig = make_rig()
    rig.dj.on_mood(state("sad", 0.62))
    started = rig.dj.start()
    assert rig.player.state is PlayerState.PLAYING
    assert rig.now_playing.mood == "sad" and started is rig.now_playing is rig.queue.current()
    assert rig.played[-1][1] == rig.dj.last_reason == "Sad 0.62 → match → sad"
    assert rig.upcoming_moods() == ["sad"] * 4  # five planned, the first playing


def test_without_a_mood_yet_start_plays_something_neutral_and_says_so(make_rig):
    rig = make_rig()
    rig.dj.start()
    assert rig.player.state is PlayerState.PLAYING and rig.dj.last_reason.startswith("No face yet → match")


def test_finish_rebuilds_the_queue_but_lets_the_current_track_play(make_rig):
    rig = make_rig()
    rig.dj.on_mood(state("sad"))
    rig.dj.start()
    sad_track = rig.now_playing
    rig.clock.now += 60
    rig.dj.on_mood(state("happy"))
    rig.dj.on_mood(state("happy", 0.9))  # the same stable mood again does not rebuild
    assert rig.upcoming_moods() == ["happy"] * 5
    assert len(rig.played) == 1 and rig.player.state is PlayerState.PLAYING
    assert rig.player.position() == pytest.approx(60.0)  # not restarted, not cut
    assert rig.queue.current() is sad_track
    rig.finish_current()
    assert rig.now_playing.mood == "happy" and rig.played[-1][1] == "Happy 0.80 → match → happy"
    assert rig.queue.history[-1] is sad_track


def test_immediate_switches_at_once(make_rig):
    rig = make_rig(switch="immediate")
    rig.dj.on_mood(state("sad"))
    rig.dj.start()
    rig.clock.now += 20
    rig.dj.on_mood(state("happy"))
    assert len(rig.played) == 2 and rig.now_playing.mood == "happy"
    assert rig.player.position() == 0.0 and rig.player.state is PlayerState.PLAYING


def test_fade_waits_thirty_seconds_of_mismatch_then_fades_out_over_three(make_rig):
    rig = make_rig(switch="fade")
    rig.player.set_volume(80)
    rig.dj.on_mood(state("sad"))
    rig.dj.start()
    rig.dj.on_mood(state("happy"))
    for elapsed in (10.0, 29.9):
        rig.clock.now += elapsed - (rig.clock.now - 1000.0)
        rig.dj.tick()
        assert rig.player.volume() == 80 and len(rig.played) == 1
    rig.clock.now = 1000.0 + 30.0
    rig.dj.tick()  # the fade begins
    rig.clock.now += 1.5
    rig.dj.tick()
    assert rig.player.volume() == 40 and len(rig.played) == 1  # half way down
    rig.clock.now += 1.6
    rig.dj.tick()
    assert len(rig.played) == 2 and rig.now_playing.mood == "happy"
    assert rig.player.volume() == 80  # restored for the new track


def test_fade_is_called_off_when_the_mood_comes_back(make_rig):
    rig = make_rig(switch="fade")
    rig.player.set_volume(70)
    rig.dj.on_mood(state("sad"))
    rig.dj.start()
    rig.dj.on_mood(state("happy"))
    rig.clock.now += 31
    rig.dj.tick()
    rig.clock.now += 1
    rig.dj.tick()
    assert rig.player.volume() < 70
    rig.dj.on_mood(state("sad"))  # the playing sad track fits again
    assert rig.player.volume() == 70
    rig.clock.now += 60
    rig.dj.tick()
    assert len(rig.played) == 1 and rig.player.volume() == 70


def test_fade_leaves_a_track_that_still_fits(make_rig):
    rig = make_rig(switch="fade")
    rig.dj.on_mood(state("sad", 0.9))
    rig.dj.start()
    rig.dj.on_mood(state("neutral", 0.55, sad=0.45))  # the listener moved, but not far from sad music
    rig.clock.now += 40
    rig.dj.tick()
    rig.clock.now += 5
    rig.dj.tick()
    assert len(rig.played) == 1


def test_manual_mode_ignores_camera_moods(make_rig):
    rig = make_rig(mode="manual", manual_mood="calm", switch="immediate")
    rig.dj.on_mood(state("angry"))
    rig.dj.start()
    assert rig.now_playing.mood == "calm" and rig.dj.last_reason == "Manual → calm"
    queued = list(rig.queue.upcoming())
    for mood in ("happy", "sad", "fear"):
        rig.dj.on_mood(state(mood))
    assert len(rig.played) == 1 and rig.queue.upcoming() == queued


def test_switching_policy_rebuilds_the_queue(make_rig):
    rig = make_rig()
    rig.dj.on_mood(state("sad"))
    rig.dj.start()
    rig.dj.policy.set_mode("manual", "energetic")
    rig.dj.policy_changed()
    assert rig.upcoming_moods() == ["energetic"] * 5 and len(rig.played) == 1
    rig.dj.policy.set_mode("match")
    rig.dj.policy_changed()
    assert rig.upcoming_moods() == ["sad"] * 5


def test_no_face_changes_nothing(make_rig):
    rig = make_rig(switch="immediate")
    rig.dj.on_mood(state("happy"))
    rig.dj.start()
    queued = list(rig.queue.upcoming())
    rig.dj.on_mood(state(None))
    assert rig.queue.upcoming() == queued and len(rig.played) == 1


def test_lift_keeps_walking_its_path_when_the_queue_is_refilled(make_rig):
    rig = make_rig(mode="lift", queue_length=2)
    rig.dj.on_mood(state("sad", 0.9))
    rig.dj.start()  # plays step 1, queues step 2
    for _ in range(4):
        rig.finish_current()
    reasons = [reason for _, reason in rig.played]
    assert [reason.split(" → ")[1] for reason in reasons] == ["lift 1/6", "lift 2/6", "lift 3/6", "lift 4/6", "lift 5/6"]
    valences = [track.valence for track, _ in rig.played]
    assert valences[0] < -0.5 and valences[-1] > 0.3
    assert rig.played[0][0].mood == "sad" and rig.played[-1][0].mood in ("calm", "happy")


def test_bare_probabilities_work_as_a_mood(make_rig):
    rig = make_rig()
    rig.dj.on_mood({"angry": 0.7, "neutral": 0.3})
    rig.dj.start()
    assert rig.now_playing.mood == "angry" and rig.dj.last_reason.startswith("Angry 0.70")


def test_a_track_the_player_refuses_is_skipped(make_rig):
    rig = make_rig(mode="manual", manual_mood="sad")
    rig.tracks[:] = [Track(path="/music/gone.flac", mood="sad", valence=-0.65, arousal=-0.45),
                     *[track for track in rig.tracks if track.mood == "happy"]]
    rig.dj.start()
    assert rig.player.state is PlayerState.PLAYING and rig.now_playing.mood == "happy"


def test_unknown_switch_behaviour_is_refused(make_rig):
    rig = make_rig()
    with pytest.raises(ValueError):
        rig.dj.switch_behaviour = "crossfade"


def test_user_steps_go_through_the_dj_and_announce_what_plays() -> None:
    rig = Rig()
    rig.dj.on_mood(state("sad"))
    first = rig.dj.start()
    chosen = rig.tracks[0]
    assert rig.dj.play_chosen(chosen, rig.tracks[:3])
    assert rig.player.state is PlayerState.PLAYING
    assert rig.played[-1] == (chosen, "Chosen by you")
    skipped_to = rig.dj.skip()
    assert skipped_to is rig.tracks[1] and rig.played[-1][0] is skipped_to
    assert rig.dj.back() is chosen and rig.played[-1][0] is chosen
    assert first is not None
