"""The mood DJ: keeps the play queue filled with music for the listener's mood and decides when a
change of mood reaches the speakers.

It joins the plain pieces (player, play queue, selection policy, the library's tracks) and holds no
Qt, so it runs the same under the GUI, in tests with the NullPlayer and an injected clock, or in a
headless tool. Its inputs are the smoother's results (``on_mood``), the player's end-of-track
callback, and a periodic ``tick()`` for fades.

When the mood changes, the upcoming queue is rebuilt at once, and ``switch_behaviour`` decides what
happens to the song that is playing:

* ``finish`` (the default): it plays to its end. Faces flicker between moods far faster than songs
  end, and cutting songs off is what makes mood-following players tiresome; a song is 3-4 minutes.
* ``fade``: if the playing song still does not fit the new mood after ``FADE_AFTER_S`` (30 s), it is
  faded out over ``FADE_S`` (3 s) and the next one starts: a compromise for long tracks.
* ``immediate``: the next track starts now.

In manual mode the camera's moods are recorded but change nothing.
"""
from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from emotune.errors import EmotuneError
from emotune.library.track import Track
from emotune.mood_space import EMOTIONS
from emotune.moods.selection_policy import Selection, SelectionPolicy, Target, emotion_probabilities, track_point
from emotune.player.base_player import BasePlayer, PlayerState
from emotune.player.play_queue import PlayQueue

log = logging.getLogger(__name__)

SWITCH_BEHAVIOURS: tuple[str, ...] = ("finish", "fade", "immediate")
FADE_AFTER_S = 30.0
FADE_S = 3.0
QUEUE_LENGTH = 5
MISMATCH_DISTANCE = 0.5
"""A playing track farther than this from the new target 'does not fit' (and may be faded out)."""

SelectionCallback = Callable[[Track, str], None]


def read_mood_state(state: Any) -> tuple[str | None, np.ndarray | None]:
    """(stable emotion or None, smoothed probabilities or None) from what the perception side sends.

    Accepts the pipeline's frame result (``mood`` and ``smoothed_probs``; ``mood`` is None while no
    face is seen), or bare probabilities as an array / sequence / name → value mapping.
    """
    if isinstance(state, (np.ndarray, Mapping, list, tuple)):
        probabilities = emotion_probabilities(state)
        return EMOTIONS[int(probabilities.argmax())], probabilities
    raw = getattr(state, "smoothed_probs", None)
    if raw is None:
        raw = getattr(state, "probabilities", None)
    probabilities = emotion_probabilities(raw) if raw is not None else None
    return getattr(state, "mood", None), probabilities


class MoodDJ:
    """Chooses what plays next from the listener's mood; see the module docstring for when it switches."""

    def __init__(
        self,
        player: BasePlayer,
        queue: PlayQueue,
        policy: SelectionPolicy,
        tracks_provider: Callable[[], list[Track]],
        clock: Callable[[], float] = time.monotonic,
        switch_behaviour: str = "finish",
        rng: random.Random | None = None,
        queue_length: int = QUEUE_LENGTH,
    ) -> None:
        self.player = player
        self.queue = queue
        self.policy = policy
        self.tracks_provider = tracks_provider
        self.clock = clock
        self.rng = rng or random.Random()
        self.queue_length = queue_length
        self.switch_behaviour = switch_behaviour
        self.last_reason = ""
        self._lock = threading.RLock()
        self._callbacks: list[SelectionCallback] = []
        self._emotion: str | None = None
        self._probabilities: np.ndarray | None = None
        self._reasons: dict[str, str] = {}  # path -> why it was queued
        self._next_step = 0  # lift: the path step the next refill starts at
        self._mismatch_since: float | None = None
        self._fade_started: float | None = None
        self._volume_before_fade = 0
        player.on_track_finished(self._track_finished)

    # -- settings ------------------------------------------------------------
    @property
    def switch_behaviour(self) -> str:
        return self._switch_behaviour

    @switch_behaviour.setter
    def switch_behaviour(self, behaviour: str) -> None:
        if behaviour not in SWITCH_BEHAVIOURS:
            raise ValueError(f"unknown switch behaviour {behaviour!r}; expected one of {', '.join(SWITCH_BEHAVIOURS)}")
        self._switch_behaviour = behaviour

    def on_selection(self, callback: SelectionCallback) -> None:
        """Call ``callback(track, reason)`` whenever the DJ starts a track (from the thread that caused it)."""
        self._callbacks.append(callback)

    # -- inputs --------------------------------------------------------------
    def start(self) -> Track | None:
        """Plan the queue for the mood known now (neutral if none) and play its first track."""
        with self._lock:
            tracks = [selection.track for selection in self._plan()]
            if not tracks:
                return None
            if self.queue.current() is None:
                self.queue.set_tracks(tracks)
                if self._play(self.queue.current()):
                    return self.queue.current()
            else:
                self.queue.replace_upcoming(tracks)
            return self._advance()

    def on_mood(self, mood_state: Any) -> None:
        """Take a smoother result; a change of stable mood rebuilds the queue and applies the switch rule."""
        emotion, probabilities = read_mood_state(mood_state)
        with self._lock:
            if probabilities is not None and emotion is not None:
                self._probabilities = probabilities
            if emotion is None or emotion == self._emotion:
                return
            self._emotion = emotion
            if self.policy.mode != "manual":
                self._mood_changed()

    def policy_changed(self) -> None:
        """The user changed the policy or the manual mood: treat it like a change of mood."""
        with self._lock:
            self._mood_changed()

    def tick(self) -> None:
        """Advance a fade; call a few times a second (the UI's timer does)."""
        with self._lock:
            if self._fade_started is not None:
                self._continue_fade()
            elif (self._mismatch_since is not None and self.switch_behaviour == "fade"
                  and self.player.state is PlayerState.PLAYING
                  and self.clock() - self._mismatch_since >= FADE_AFTER_S):
                self._fade_started = self.clock()
                self._volume_before_fade = self.player.volume()

    # -- decisions -----------------------------------------------------------
    # -- the user's own steps, under the same lock as the DJ's own advances ----
    def skip(self) -> Track | None:
        """Next: the following queued track, or one freshly planned for the mood."""
        with self._lock:
            return self._advance()

    def back(self) -> Track | None:
        """Previous: the track before the current one in the queue, if there is one."""
        with self._lock:
            self._cancel_fade()
            track = self.queue.previous()
            return track if track is not None and self._play(track) else None

    def play_chosen(self, track: Track, context: list[Track], reason: str = "Chosen by you") -> bool:
        """The user picked ``track``; ``context`` (the tracks it was picked among) becomes the queue."""
        with self._lock:
            self._cancel_fade()
            self._mismatch_since = None
            paths = [item.path for item in context]
            if track.path not in paths:
                context, paths = [track, *context], [track.path, *paths]
            self.queue.set_tracks(context, start_index=paths.index(track.path))
            self._reasons[track.path] = reason
            return self._play(track)

    def _mood_changed(self) -> None:
        self._cancel_fade()
        self._mismatch_since = None
        if self.queue.current() is None:
            return  # nothing started yet: start() plans with the mood known then
        selections = self._plan()
        self.queue.replace_upcoming([selection.track for selection in selections])
        if not selections or self.player.state not in (PlayerState.PLAYING, PlayerState.PAUSED):
            return
        if self.switch_behaviour == "immediate":
            self._advance()
        elif self.switch_behaviour == "fade" and self._mismatches(selections[0].target):
            self._mismatch_since = self.clock()

    def _mismatches(self, target: Target) -> bool:
        current = self.queue.current()
        point = track_point(current) if current else None
        return point is not None and point.distance(target.point) > MISMATCH_DISTANCE

    def _plan(self, start_step: int = 0) -> list[Selection]:
        """Selections for the upcoming queue; a plan from step 0 starts a new lift path."""
        history = self.queue.history + ([self.queue.current()] if self.queue.current() else [])
        selections = self.policy.build_queue(self.tracks_provider(), self._probabilities, history,
                                             self.queue_length, self.rng, start_step)
        self._next_step = start_step + len(selections)
        current = self.queue.current()
        self._reasons = {current.path: self._reasons.get(current.path, "")} if current else {}
        self._reasons.update((selection.track.path, selection.reason) for selection in selections)
        return selections

    def _advance(self) -> Track | None:
        """Play the next queued track, refilling the queue from the policy when it runs dry."""
        self._cancel_fade()
        self._mismatch_since = None
        for _ in range(self.queue_length + 1):  # skip tracks the player refuses, but not forever
            track = self.queue.next()
            if track is None:
                self.queue.replace_upcoming([selection.track for selection in self._plan(self._next_step)])
                track = self.queue.next()
            if track is None:
                break
            if self._play(track):
                return track
        self.player.stop()
        return None

    def _play(self, track: Track) -> bool:
        try:
            self.player.play(track.path)
        except EmotuneError as error:
            log.warning("cannot play %s: %s", track.path, error)
            return False
        reason = self._reasons.get(track.path, "")
        self.last_reason = reason
        for callback in list(self._callbacks):
            callback(track, reason)
        return True

    def _track_finished(self, uri: str) -> None:
        with self._lock:
            current = self.queue.current()
            if current is not None and current.path == uri:
                self._advance()

    # -- fading --------------------------------------------------------------
    def _continue_fade(self) -> None:
        share = (self.clock() - self._fade_started) / FADE_S
        if share >= 1.0:
            self._fade_started = None  # the faded track must stay silent until the next one starts
            self._advance()
            self.player.set_volume(self._volume_before_fade)
        else:
            self.player.set_volume(round(self._volume_before_fade * (1.0 - share)))

    def _cancel_fade(self) -> None:
        if self._fade_started is not None:
            self._fade_started = None
            self.player.set_volume(self._volume_before_fade)
