"""The mood DJ driving two real NullPlayer decks through the CrossfadePlayer, on a virtual clock.

The players run without their clock threads (``threaded=False``); ``Rig.advance`` moves the clock
in small steps, feeding the DJ a mood event and polling the players at each, as the follow benchmark
does on frame time.
"""
from __future__ import annotations

import random

import pytest

from emotune.choices import PolicyMode, SwitchBehaviour
from emotune.inference.mood_event import MoodEvent
from emotune.library.track import Track
from emotune.mood_space import EMOTIONS, MOOD_VA
from emotune.moods.mood_dj import MAX_CONSECUTIVE_FAILURES, MoodDJ
from emotune.moods.music_table import fits, track_mood
from emotune.moods.selection_policy import SelectionPolicy
from emotune.moods.switch_gate import CROSSFADE_S, HOLD_S, SETTLE_S
from emotune.moods.track_queue import PlayQueue
from emotune.player.base_player import PlayerState
from emotune.player.crossfade_player import CrossfadePlayer
from emotune.player.null_player import NullPlayer

DURATION = 200.0
STEP_S = 0.1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def event(t: float, mood: str | None, face: bool = True, confidence: float = 0.7) -> MoodEvent:
    rest = (1.0 - confidence) / (len(EMOTIONS) - 1)
    probabilities = {name: (confidence if name == mood else rest) for name in EMOTIONS}
    return MoodEvent(t, mood, confidence if mood else 0.0, probabilities, changed=False, face_present=face)


def library(per_mood: int = 6, moods: tuple[str, ...] = tuple(MOOD_VA)) -> list[Track]:
    return [Track(path=f"/music/{mood}/{i}.flac", mood=mood, mood_source="tag", valence=v + 0.02 * i,
                  arousal=a - 0.02 * i) for mood, (v, a) in MOOD_VA.items() if mood in moods for i in range(per_mood)]


class Rig:
    def __init__(self, mode: PolicyMode = PolicyMode.MATCH, manual_mood: str = "calm",
                 switch: SwitchBehaviour = SwitchBehaviour.CROSSFADE, tracks: list[Track] | None = None,
                 durations: dict[str, float | None] | None = None) -> None:
        self.clock = Clock()
        self.tracks = library() if tracks is None else tracks
        known = {track.path: DURATION for track in self.tracks}
        known.update(durations or {})
        self.decks = tuple(NullPlayer(durations=known, clock=self.clock, threaded=False) for _ in range(2))
        self.player = CrossfadePlayer(self.decks, clock=self.clock, threaded=False)
        self.queue = PlayQueue(rng=random.Random(0))
        self.dj = MoodDJ(self.player, self.queue, SelectionPolicy(mode, manual_mood), lambda: self.tracks,
                         switch_behaviour=switch, rng=random.Random(7))
        self.played: list[tuple[float, Track, str]] = []
        self.unplayable: list[Track] = []
        self.stopped: list[str] = []
        self.dj.on_selection(lambda track, reason: self.played.append((self.clock.now, track, reason)))
        self.dj.on_unplayable(lambda track, error: self.unplayable.append(track))
        self.dj.on_stopped(lambda error: self.stopped.append(error.detail))

    def advance(self, seconds: float, mood: str | None, face: bool = True) -> None:
        """``seconds`` of listening with the smoother saying ``mood``."""
        end = self.clock.now + seconds
        while self.clock.now < end - 1e-9:
            self.clock.now = min(end, self.clock.now + STEP_S)
            self.dj.on_mood(event(self.clock.now, mood, face))
            self.player.tick()
            for deck in self.decks:
                deck.poll()

    @property
    def now_playing(self) -> Track:
        return self.played[-1][1]

    def start_with(self, mood: str) -> None:
        """Settle on ``mood`` before playback starts, then start: the first track is for that mood."""
        self.advance(HOLD_S + 0.5, mood)
        assert self.dj.start() is not None
        assert fits(self.now_playing, mood), track_mood(self.now_playing)


def test_a_held_new_mood_crossfades_into_a_fitting_track_within_seconds():
    rig = Rig()
    rig.start_with("happy")
    changed_at = rig.clock.now
    rig.advance(HOLD_S + 1.0, "sad")
    assert len(rig.played) == 2 and fits(rig.now_playing, "sad")
    latency = rig.played[-1][0] - changed_at
    assert HOLD_S <= latency <= HOLD_S + 2 * STEP_S  # the first sad event comes one step after the change
    assert rig.player.fading and all(deck.state is PlayerState.PLAYING for deck in rig.decks)  # an overlap
    volumes = sorted(deck.volume() for deck in rig.decks)
    assert 0 < volumes[0] and volumes[1] < 100  # both audible mid-fade, neither at full volume
    rig.advance(CROSSFADE_S, "sad")
    assert not rig.player.fading and [deck.state for deck in rig.decks].count(PlayerState.PLAYING) == 1
    assert rig.player.volume() == 100 and rig.player.active.volume() == 100


def test_blips_and_absence_never_change_the_music():
    rig = Rig()
    rig.start_with("happy")
    for blip in ("sad", "angry", "fear", "surprise"):
        rig.advance(HOLD_S - 1.0, blip)
        rig.advance(10.0, "happy")
    rig.advance(25.0, None, face=False)  # away from the desk, the smoother relaxing to neutral meanwhile
    rig.advance(20.0, "neutral", face=False)
    rig.advance(3.0, "neutral")  # back: the returning face is read neutral for a moment
    rig.advance(10.0, "happy")
    assert len(rig.played) == 1


def test_a_track_that_fits_the_new_mood_is_not_switched_away_from():
    rig = Rig()
    rig.start_with("happy")
    rig.advance(HOLD_S + 2, "surprise")  # happy music fits surprise
    rig.advance(HOLD_S + 2, "neutral")  # and neutral keeps the character
    assert len(rig.played) == 1
    rig.advance(DURATION, "neutral")  # what follows keeps the happy character
    assert len(rig.played) >= 2 and all(track_mood(track) == "happy" for _, track, _ in rig.played)


def test_neutral_cuts_only_angry_music_and_turns_gently_calm():
    rig = Rig()
    rig.start_with("sad")
    rig.advance(HOLD_S + 1, "neutral")
    assert len(rig.played) == 1  # a sad face read as neutral for a while cuts nothing
    rig.advance(DURATION, "neutral")
    assert len(rig.played) == 2 and track_mood(rig.now_playing) == "calm"  # the next track is calm

    angry = Rig()
    angry.start_with("angry")
    angry.advance(HOLD_S + 1, "neutral")
    assert len(angry.played) == 2 and track_mood(angry.now_playing) == "calm" and angry.player.fading


@pytest.mark.parametrize("emotion", ["fear", "disgust"])
def test_fear_and_disgust_get_calm_music_never_angry(emotion):
    rig = Rig()
    rig.start_with("angry")
    rig.advance(HOLD_S + 1, emotion)
    rig.advance(DURATION * 2, emotion)
    assert [track_mood(track) for _, track, _ in rig.played[1:]] == ["calm"] * (len(rig.played) - 1)


def test_finish_lets_the_track_end_and_immediate_cuts_at_once():
    finish = Rig(switch=SwitchBehaviour.FINISH)
    finish.start_with("happy")
    finish.advance(20.0, "sad")
    assert len(finish.played) == 1 and finish.queue.peek_next() is not None and fits(finish.queue.peek_next(), "sad")
    finish.advance(DURATION, "sad")
    assert fits(finish.now_playing, "sad") and not finish.player.fading

    immediate = Rig(switch=SwitchBehaviour.IMMEDIATE)
    immediate.start_with("happy")
    immediate.advance(STEP_S, "sad")
    assert len(immediate.played) == 2 and fits(immediate.now_playing, "sad") and not immediate.player.fading


def test_the_music_is_chosen_for_the_served_mood_not_a_blip_at_the_end_of_a_track():
    rig = Rig()
    rig.start_with("sad")
    rig.advance(DURATION - 2.0, "sad")
    rig.advance(3.0, "happy")  # the track ends during a blip
    assert len(rig.played) == 2 and fits(rig.now_playing, "sad")


def test_manual_plays_the_chosen_mood_even_in_a_small_library():
    tracks = library(per_mood=2)
    rig = Rig(mode=PolicyMode.MANUAL, manual_mood="happy", tracks=tracks)
    rig.dj.start()
    for _ in range(5):
        rig.advance(DURATION + 1, "sad")  # the camera is ignored
    assert [track_mood(track) for _, track, _ in rig.played] == ["happy"] * len(rig.played)
    assert len(rig.played) >= 5 and rig.played[-1][2] == "Manual → happy"


def test_choosing_a_manual_mood_switches_at_once_with_a_crossfade():
    rig = Rig()
    rig.start_with("happy")
    rig.dj.policy.set_mode(PolicyMode.MANUAL, "calm")
    rig.dj.policy_changed()
    assert track_mood(rig.now_playing) == "calm" and rig.player.fading


def test_an_unplayable_track_is_reported_and_skipped():
    tracks = library(per_mood=3, moods=("sad",))
    broken = tracks[0]
    rig = Rig(tracks=tracks, durations={broken.path: None})  # None: the null player cannot decode it
    rig.dj.play_chosen(broken, tracks)
    assert rig.unplayable == [broken]
    assert rig.player.state is PlayerState.PLAYING and rig.now_playing is not broken


def test_repeated_failures_stop_with_a_message_instead_of_silence():
    tracks = library(per_mood=5, moods=("calm",))
    rig = Rig(tracks=tracks, durations={track.path: None for track in tracks})
    assert rig.dj.start() is None
    assert len(rig.unplayable) == MAX_CONSECUTIVE_FAILURES
    assert rig.player.state is not PlayerState.PLAYING
    assert len(rig.stopped) == 1 and "could not be played" in rig.stopped[0]


def test_play_after_every_track_failed_tries_them_all_again():
    tracks = library(per_mood=2, moods=("calm",))
    rig = Rig(tracks=tracks, durations={track.path: None for track in tracks})
    assert rig.dj.start() is None  # the drive with the music is unplugged
    assert {track.path for track in rig.unplayable} == {track.path for track in tracks}
    for deck in rig.decks:  # and plugged in again
        deck._durations.update({track.path: DURATION for track in tracks})
    assert rig.dj.start() in tracks
    assert rig.player.state is PlayerState.PLAYING and not rig.dj.library_empty


def test_next_previous_and_a_picked_track_work_through_the_dj():
    rig = Rig()
    rig.start_with("neutral")
    first = rig.now_playing
    second = rig.dj.skip()
    assert second is not None and second is not first
    assert rig.dj.back() is first
    picked = rig.tracks[-1]
    assert rig.dj.play_chosen(picked, [picked])
    assert rig.now_playing is picked and rig.played[-1][2] == "Chosen by you"


def test_unknown_switch_behaviour_is_refused():
    rig = Rig()
    with pytest.raises(ValueError, match="unknown switch behaviour"):
        rig.dj.switch_behaviour = "fade"


def test_up_next_always_names_the_track_that_then_plays():
    rig = Rig(tracks=library(per_mood=3))
    rig.start_with("happy")
    for _ in range(12):
        following = rig.queue.peek_next()
        assert following is not None
        rig.advance(DURATION + 1, "happy")
        assert rig.now_playing is following


def test_after_a_change_the_music_settles_before_the_next():
    rig = Rig()
    rig.start_with("happy")
    rig.advance(HOLD_S + 1, "sad")
    assert len(rig.played) == 2
    switched = rig.played[-1][0]
    rig.advance(SETTLE_S - HOLD_S - 3, "fear")  # a misread that outlasts the hold: the music stays
    assert len(rig.played) == 2
    rig.advance(10.0, "fear")  # still fearful once the music has settled: now it follows
    assert len(rig.played) == 3 and track_mood(rig.now_playing) == "calm"
    assert rig.played[-1][0] >= switched + SETTLE_S


def test_a_face_the_detector_misses_now_and_then_still_holds_its_mood():
    rig = Rig()
    rig.start_with("happy")
    for _ in range(4):  # sad, with the face missed for 0.5 s every 2 s
        rig.advance(1.5, "sad")
        rig.advance(0.5, "sad", face=False)
    assert len(rig.played) == 2 and fits(rig.now_playing, "sad")


# -- the user's picks in the queue -----------------------------------------------------------
def test_the_users_picks_play_first_in_order_then_the_djs():
    rig = Rig()
    rig.start_with("happy")
    sad = [track for track in rig.tracks if track_mood(track) == "sad"][:2]
    rig.dj.edit_queue(lambda queue: queue.add_to_queue(sad))
    calm = next(track for track in rig.tracks if track_mood(track) == "calm")
    rig.dj.edit_queue(lambda queue: queue.play_next([calm]))
    assert rig.queue.upcoming()[:3] == [calm, *sad]
    assert all(track not in rig.queue.upcoming()[3:] for track in (calm, *sad))  # not planned twice
    rig.advance(DURATION + 1, "happy")
    assert rig.now_playing is calm and rig.played[-1][2] == "Queued by you"
    rig.advance(2 * (DURATION + 1), "happy")
    assert [track for _, track, _ in rig.played[-3:]] == [calm, *sad]
    rig.advance(DURATION + 1, "happy")
    assert fits(rig.now_playing, "happy") and rig.played[-1][2] != "Queued by you"


def test_a_change_of_mood_replaces_the_djs_picks_but_never_the_users():
    rig = Rig()
    rig.start_with("happy")
    mine = [track for track in rig.tracks if track_mood(track) == "angry"][:2]
    rig.dj.edit_queue(lambda queue: queue.add_to_queue(mine))
    rig.advance(HOLD_S + 2.0, "sad")
    assert len(rig.played) == 1  # the happy track is not cut to hurry the user's picks
    assert rig.queue.upcoming()[:2] == mine
    assert rig.queue.upcoming()[2:] and all(fits(track, "sad") for track in rig.queue.upcoming()[2:])
    rig.advance(3 * (DURATION + 1), "sad")
    assert [track for _, track, _ in rig.played[1:3]] == mine and fits(rig.now_playing, "sad")


def test_picks_queued_before_anything_plays_start_the_music():
    rig = Rig()
    picked = rig.tracks[3]
    rig.dj.edit_queue(lambda queue: queue.play_next([picked]))
    assert rig.queue.current() is None and rig.queue.peek_next() is picked
    assert rig.dj.start() is picked and rig.played[-1][2] == "Queued by you"
    assert rig.queue.peek_next() is not None


def test_emptying_what_is_ahead_lets_the_dj_plan_again_and_a_pick_survives_playing_a_chosen_track():
    rig = Rig()
    rig.start_with("sad")
    rig.dj.edit_queue(lambda queue: queue.remove(range(len(queue.upcoming()))))
    assert rig.queue.peek_next() is not None and fits(rig.queue.peek_next(), "sad")  # "Up next" names one
    mine = rig.tracks[0]
    rig.dj.edit_queue(lambda queue: queue.add_to_queue([mine]))
    chosen = rig.tracks[-1]
    assert rig.dj.play_chosen(chosen, [chosen])
    assert rig.queue.upcoming() == [mine]
    rig.advance(DURATION + 1, "sad")
    assert rig.now_playing is mine and rig.queue.peek_next() is not None
