"""The mood DJ for Spotify: the same switching rule and table as the track DJ, choosing playlists.

Spotify plays on the user's own device, so what Emotune chooses is a *context*: the playlist for a
named mood (the user's own for that mood, else a search; ``find_source``). A playlist plays for a
long while, so only the mood decides: it goes through the same ``SwitchGate`` as local music, a
playlist whose mood fits the listener (``music_table.FITS``) is kept, and the reason text reads as
for local tracks. With ``SwitchBehaviour.FINISH`` the new playlist starts when Spotify moves to its
next track; Spotify cannot overlap two items, so a crossfade is Spotify's own.

Finding a playlist may touch the network, so it runs through ``submit(work, done)`` (the app passes
its task runner; tests pass a synchronous one). No Qt here.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from emotune.choices import PolicyMode, SwitchBehaviour
from emotune.errors import EmotuneError
from emotune.inference.mood_event import MoodEvent
from emotune.mood_space import nearest_mood
from emotune.moods.music_table import FITS, match_mood
from emotune.moods.selection_policy import Listener, SelectionPolicy
from emotune.moods.switch_gate import SwitchGate
from emotune.player.base_player import BasePlayer, PlayerState

log = logging.getLogger(__name__)

Submit = Callable[[Callable[[], Any], Callable[[Any, Exception | None], None]], None]
StartedCallback = Callable[[str, str], None]  # (mood, reason)
FailedCallback = Callable[[EmotuneError], None]


def run_now(work: Callable[[], Any], done: Callable[[Any, Exception | None], None]) -> None:
    """A ``Submit`` that runs the work at once (tests, tools)."""
    try:
        result = work()
    except Exception as error:  # handed to done, as the task runner does
        done(None, error)
    else:
        done(result, None)


class PlaylistDJ:
    """``find_source(mood)`` returns something with ``uri`` and ``label`` (a ``spotify.MoodSource``)."""

    def __init__(self, player: Callable[[], BasePlayer], policy: SelectionPolicy,
                 find_source: Callable[[str], Any], submit: Submit = run_now,
                 switch_behaviour: SwitchBehaviour | str = SwitchBehaviour.CROSSFADE) -> None:
        self._player = player
        self.policy = policy
        self.find_source = find_source
        self.submit = submit
        self.gate = SwitchGate(SwitchBehaviour(switch_behaviour))
        self.active = False
        self.playing_mood: str | None = None
        self._listener: Listener | None = None
        self._latest: MoodEvent | None = None
        self._pending: str | None = None  # FINISH: the mood to start at Spotify's next track
        self._started: list[StartedCallback] = []
        self._failed: list[FailedCallback] = []

    @property
    def switch_behaviour(self) -> SwitchBehaviour:
        return self.gate.behaviour

    @switch_behaviour.setter
    def switch_behaviour(self, behaviour: SwitchBehaviour | str) -> None:
        self.gate.behaviour = SwitchBehaviour(behaviour)

    def on_started(self, callback: StartedCallback) -> None:
        """``callback(mood, reason)`` when a playlist for a mood starts (from the submit's done thread)."""
        self._started.append(callback)

    def on_failed(self, callback: FailedCallback) -> None:
        self._failed.append(callback)

    # -- the interface both DJs share -------------------------------------------------
    def start(self) -> None:
        """Become the active source and play for the mood known now."""
        self.active = True
        self.playing_mood = None
        latest = self._latest  # the hold is for changing the music, not for starting it
        if latest is not None and latest.face_present and latest.mood is not None:
            self.gate.served = latest.mood
            self._listener = Listener(latest.mood, latest.confidence)
        self._play_for_mood()

    def stop_following(self) -> None:
        """Another source took over: pause Spotify and stop choosing."""
        if self.active and self.playing_mood is not None:
            self._player().pause()
        self.active = False

    def on_mood(self, event: MoodEvent) -> None:
        self._latest = event
        due = self.gate.observe(event, lambda mood: (not self.active or self.policy.mode is PolicyMode.MANUAL
                                                     or self.playing_mood is None or self.playing_mood in FITS[mood]))
        if due is None:
            return
        self._listener = Listener(due, event.confidence)
        if self.policy.mode is PolicyMode.MANUAL or not self.active:
            return
        if self.playing_mood in FITS[due]:
            return  # the playlist fits the new mood too
        if self.gate.behaviour is SwitchBehaviour.FINISH and self.playing_mood is not None:
            self._pending = self.target_mood()[0]
        else:
            self._play_for_mood()

    def policy_changed(self) -> None:
        self._play_for_mood()

    def item_changed(self) -> None:
        """Spotify moved to another track: a change of mood held back by FINISH happens now."""
        if self._pending is not None and self.active:
            self._pending = None
            self._play_for_mood()

    def replay(self) -> None:
        """Play pressed with nothing playing: start the mood's playlist again."""
        self.playing_mood = None
        self._play_for_mood()

    # -- choosing ------------------------------------------------------------------------
    def target_mood(self) -> tuple[str, str]:
        """(named mood to play, reason text) for the mood served now."""
        mode = self.policy.mode
        if mode is PolicyMode.MANUAL:
            return self.policy.manual_mood, f"Manual → {self.policy.manual_mood}"
        listener = self._listener
        if mode is PolicyMode.LIFT:  # a playlist plays for a while: aim one step along the path
            targets = self.policy.targets(listener, 2, playing=None)
            mood = nearest_mood(targets[1].point)
            how = f"lift, step 2 of {targets[1].steps + 1}"
        else:
            mood, how = match_mood(listener.emotion if listener else "neutral"), "match"
        seen = f"{listener.emotion.title()} {listener.confidence:.0%}" if listener else "No mood yet"
        return mood, f"{seen} → {how} → {mood}"

    def _play_for_mood(self) -> None:
        if not self.active:
            return
        mood, reason = self.target_mood()
        if mood == self.playing_mood:
            return
        self.playing_mood = mood
        self._pending = None
        player = self._player()

        def work() -> Any:
            source = self.find_source(mood)  # may search Spotify: off the GUI thread
            player.play(source.uri)
            return source

        def done(source: Any, error: Exception | None) -> None:
            if error is not None:
                self.playing_mood = None
                if not isinstance(error, EmotuneError):
                    error = EmotuneError("Spotify playback failed", str(error))
                for callback in list(self._failed):
                    callback(error)
            elif self.active:
                for callback in list(self._started):
                    callback(mood, f"{reason} · Spotify: {source.label}")

        self.submit(work, done)

    @property
    def playing(self) -> bool:
        return self.active and self._player().state is PlayerState.PLAYING
