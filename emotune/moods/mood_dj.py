"""The mood DJ: keeps the play queue filled with music for the listener's mood and decides when a
change of mood reaches the speakers.

It joins the plain pieces (player, play queue, selection policy, switch gate, the library's tracks)
and holds no Qt, so it runs the same under the GUI, in tests and in the follow benchmark with the
NullPlayer on a virtual clock; its own sense of time is the mood events' frame time. Its inputs are typed ``MoodEvent``s (``on_mood``), the user's
steps, and the player's end-of-track and error callbacks.

A new mood reaches the music through ``SwitchGate``: once it has held for a few seconds of face time.
Then the upcoming queue is rebuilt for it and, when the playing track does not fit the new mood
(``music_table.fits``), ``SwitchBehaviour`` decides: crossfade into the next track (the default),
let the track finish, or cut at once. A track that fits is never switched away from. The user's own
choices (a manual mood, a picked track) act at once. In manual mode the camera changes nothing.

The user's picks in the queue (Play next, Add to queue) play first; the DJ plans after them and a new
plan replaces only its own picks. While they wait, a change of mood never cuts the playing track:
that would only hurry the user's next pick, not bring music for the mood.

A track that cannot be played is reported (``on_unplayable``) and skipped; after
``MAX_CONSECUTIVE_FAILURES`` in a row the DJ stops and says why (``on_stopped``) instead of going
silent.
"""
from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from typing import TypeVar

from emotune.choices import PolicyMode, SwitchBehaviour
from emotune.errors import EmotuneError, PlayerError
from emotune.inference.mood_event import MoodEvent
from emotune.library.track import Track
from emotune.moods.music_table import fits, track_mood
from emotune.moods.selection_policy import Listener, Selection, SelectionPolicy
from emotune.moods.switch_gate import CROSSFADE_S, SwitchGate
from emotune.moods.track_queue import Origin, PlayQueue, QueueEntry
from emotune.player.base_player import BasePlayer, PlayerState

log = logging.getLogger(__name__)

QUEUE_LENGTH = 5
MAX_CONSECUTIVE_FAILURES = 3
PLAYED_AFTER_S = 1.0
"""A track that reached this position really plays: the failure count starts again."""
QUEUED_BY_YOU = "Queued by you"

T = TypeVar("T")
SelectionCallback = Callable[[Track, str], None]
UnplayableCallback = Callable[[Track, EmotuneError], None]
StoppedCallback = Callable[[EmotuneError], None]


class MoodDJ:
    """Chooses what plays next from the listener's mood; see the module docstring for when it switches."""

    def __init__(
        self,
        player: BasePlayer,
        queue: PlayQueue,
        policy: SelectionPolicy,
        tracks_provider: Callable[[], list[Track]],
        switch_behaviour: SwitchBehaviour | str = SwitchBehaviour.CROSSFADE,
        rng: random.Random | None = None,
        queue_length: int = QUEUE_LENGTH,
        crossfade_s: float = CROSSFADE_S,
    ) -> None:
        self.player = player
        self.queue = queue
        self.policy = policy
        self.tracks_provider = tracks_provider
        self.rng = rng or random.Random()
        self.queue_length = queue_length
        self.crossfade_s = crossfade_s
        self.gate = SwitchGate(SwitchBehaviour(switch_behaviour))
        self.last_reason = ""
        self._lock = threading.RLock()
        self._callbacks: list[SelectionCallback] = []
        self._unplayable_callbacks: list[UnplayableCallback] = []
        self._stopped_callbacks: list[StoppedCallback] = []
        self._listener: Listener | None = None  # the mood the music is chosen for
        self._latest: MoodEvent | None = None
        self._reasons: dict[str, str] = {}  # path -> why it was queued
        self._next_step = 0  # lift: the path step the next refill starts at
        self._failures = 0
        self._unplayable_paths: set[str] = set()  # not planned again this session (a pick by hand may retry)
        self._in_play = False
        self._failed_during_play: Exception | None = None
        player.on_track_finished(self._track_finished)
        player.on_error(self._player_failed)
        player.on_position_changed(self._position_changed)

    # -- settings and subscriptions ---------------------------------------------
    @property
    def switch_behaviour(self) -> SwitchBehaviour:
        return self.gate.behaviour

    @switch_behaviour.setter
    def switch_behaviour(self, behaviour: SwitchBehaviour | str) -> None:
        try:
            self.gate.behaviour = SwitchBehaviour(behaviour)
        except ValueError:
            raise ValueError(f"unknown switch behaviour {behaviour!r}; expected one of "
                             f"{', '.join(b.value for b in SwitchBehaviour)}") from None

    @property
    def listener(self) -> Listener | None:
        """The mood the music is chosen for now (None before the first one)."""
        return self._listener

    def on_selection(self, callback: SelectionCallback) -> None:
        """Call ``callback(track, reason)`` whenever the DJ starts a track (from the thread that caused it)."""
        self._callbacks.append(callback)

    def on_unplayable(self, callback: UnplayableCallback) -> None:
        """Call ``callback(track, error)`` for a track the player could not play (it is skipped)."""
        self._unplayable_callbacks.append(callback)

    def on_stopped(self, callback: StoppedCallback) -> None:
        """Call ``callback(error)`` when the DJ gives up after repeated failures."""
        self._stopped_callbacks.append(callback)

    # -- inputs ----------------------------------------------------------------
    @property
    def library_empty(self) -> bool:
        return not self.tracks_provider()

    def start(self) -> Track | None:
        """Plan the queue for the mood shown now (neutral if none) and play its first track: the hold
        is for changing the music, not for starting it. When every track failed this session, Play
        tries them all again: the files may be back (a drive plugged in again)."""
        with self._lock:
            self._failures = 0
            self._serve_latest()
            tracks = [selection.track for selection in self._plan()]
            waiting = self.queue.queued()
            if not tracks and not waiting and self._unplayable_paths:
                self._unplayable_paths.clear()
                tracks = [selection.track for selection in self._plan()]
            if not tracks and not waiting:
                return None
            if self.queue.current() is None and not waiting:
                self.queue.set_tracks(tracks)
                if self._play(self.queue.current()):
                    return self.queue.current()
            elif tracks:
                self.queue.replace_upcoming(tracks)
            return self._advance()

    def on_mood(self, event: MoodEvent) -> None:
        """Take one frame's mood; a mood the gate lets through re-plans and may change the track."""
        with self._lock:
            self._latest = event
            due = self.gate.observe(event, self._fits_playing)
            if due is None:
                return
            self._listener = Listener(due, event.confidence)
            if self.policy.mode is not PolicyMode.MANUAL:
                self._follow(self.gate.behaviour)

    def policy_changed(self) -> None:
        """The user changed the policy or the manual mood: the music follows at once, with a crossfade."""
        with self._lock:
            self._follow(SwitchBehaviour.CROSSFADE)

    # -- the user's own steps, under the same lock as the DJ's own advances --------
    def skip(self) -> Track | None:
        """Next: the following queued track, or one freshly planned for the mood."""
        with self._lock:
            self._failures = 0
            return self._advance()

    def back(self) -> Track | None:
        """Previous: the track before the current one in the queue, if there is one."""
        with self._lock:
            track = self.queue.previous()
            return track if track is not None and self._play(track) else None

    def cue(self, track: Track | None, queued: list[Track], upcoming: list[Track], reason: str) -> None:
        """Make ``track`` the current one, the user's ``queued`` picks next and ``upcoming`` after them,
        without playing: a session resumed paused. ``play_current`` starts it (``start`` when there is
        no track, only the picks)."""
        with self._lock:
            if track is not None:
                self.queue.set_tracks([track, *upcoming], start_index=0)
                self._reasons[track.path] = reason
            self.queue.add_to_queue(queued)

    def play_current(self, reason: str = "", start_s: float = 0.0) -> bool:
        """Play the queue's current track again (stopped, or cued after a restart) from ``start_s``,
        the queue left as it is; False when there is none or it cannot play."""
        with self._lock:
            track = self.queue.current()
            if track is None:
                return False
            self._failures = 0
            if reason:
                self._reasons[track.path] = reason
            return self._start_or_skip(track, start_s)

    def edit_queue(self, change: Callable[[PlayQueue], T]) -> T:
        """Run the user's ``change`` to the queue under the lock the DJ's own advances take; then, if
        nothing is left after the playing track, plan more, so that "Up next" always names what plays."""
        with self._lock:
            result = change(self.queue)
            if self.queue.current() is not None and self.queue.peek_next() is None:
                self.queue.replace_upcoming([selection.track for selection in self._plan(self._next_step)])
            return result

    def entries_ahead(self) -> list[QueueEntry]:
        """What plays after the current track, read under the lock (the DJ may be advancing)."""
        with self._lock:
            return self.queue.entries_ahead()

    def play_chosen(self, track: Track, context: list[Track], reason: str = "Chosen by you",
                    start_s: float = 0.0) -> bool:
        """The user picked ``track``; ``context`` (the tracks it was picked among) becomes the queue;
        ``start_s`` resumes it there. False when ``track`` itself cannot play (then the next one in
        the queue does)."""
        with self._lock:
            self._failures = 0
            paths = [item.path for item in context]
            if track.path not in paths:
                context, paths = [track, *context], [track.path, *paths]
            self.queue.set_tracks(context, start_index=paths.index(track.path))
            self._reasons[track.path] = reason
            return self._start_or_skip(track, start_s)

    def _start_or_skip(self, track: Track, start_s: float) -> bool:
        if self._play(track, start_s=start_s):
            return True
        if self._failures < MAX_CONSECUTIVE_FAILURES:
            self._advance()  # reported through on_unplayable; the music goes on with the next one
        return False

    # -- decisions -------------------------------------------------------------
    def _fits_playing(self, emotion: str) -> bool:
        """Whether the music playing now suits a listener showing ``emotion`` (manual: always, the
        camera changes nothing)."""
        return (self.policy.mode is PolicyMode.MANUAL or self.player.state is not PlayerState.PLAYING
                or fits(self.queue.current(), emotion))

    def _serve_latest(self) -> None:
        latest = self._latest
        if latest is not None and latest.face_present and latest.mood is not None:
            self.gate.served = latest.mood
            self._listener = Listener(latest.mood, latest.confidence)

    def wanted(self, track: Track | None) -> bool:
        """Whether ``track`` is music for the mood served now (manual: exactly the chosen mood)."""
        if self.policy.mode is PolicyMode.MANUAL:
            return track is not None and track_mood(track) == self.policy.manual_mood
        return fits(track, self._listener.emotion if self._listener else "neutral")

    def _follow(self, behaviour: SwitchBehaviour) -> None:
        current = self.queue.current()
        if current is None:
            return  # nothing started yet: start() plans with the mood known then
        selections = self._plan()
        self.queue.replace_upcoming([selection.track for selection in selections])
        if (not selections or self.player.state is not PlayerState.PLAYING  # paused: the user's track waits
                or self.wanted(current) or behaviour is SwitchBehaviour.FINISH or self.queue.queued()):
            return
        self._advance(crossfade=behaviour is SwitchBehaviour.CROSSFADE)

    def _plan(self, start_step: int = 0) -> list[Selection]:
        """Selections for the upcoming queue; a plan from step 0 starts a new lift path."""
        current = self.queue.current()
        # the user's picks count as played: the DJ does not plan them a second time
        history = self.queue.history + ([current] if current else []) + self.queue.queued()
        playable = [track for track in self.tracks_provider() if track.path not in self._unplayable_paths]
        selections = self.policy.build_queue(playable, self._listener, history,
                                             self.queue_length, self.rng, start_step, playing=current)
        self._next_step = start_step + len(selections)
        self._reasons = {current.path: self._reasons.get(current.path, "")} if current else {}
        self._reasons.update((selection.track.path, selection.reason) for selection in selections)
        return selections

    def _advance(self, crossfade: bool = False) -> Track | None:
        """Play the next queued track, refilling the queue from the policy when it runs dry."""
        for _ in range(self.queue_length + 1):  # skip tracks the player refuses, but not forever
            track = self.queue.next()
            if track is None:
                self.queue.replace_upcoming([selection.track for selection in self._plan(self._next_step)])
                track = self.queue.next()
            if track is None:
                break
            if self._play(track, crossfade):
                if self.queue.peek_next() is None:  # so that "Up next" always names what will play
                    self.queue.replace_upcoming([selection.track for selection in self._plan(self._next_step)])
                return track
            if self._failures >= MAX_CONSECUTIVE_FAILURES:
                return None
        self.player.stop()
        return None

    def _play(self, track: Track, crossfade: bool = False, start_s: float = 0.0) -> bool:
        self._in_play, self._failed_during_play = True, None
        try:
            if crossfade:
                self.player.crossfade(track.path, self.crossfade_s)
            elif start_s > 0:
                self.player.play_from(track.path, start_s)
            else:
                self.player.play(track.path)
        except EmotuneError as error:
            self._failed_during_play = error
        finally:
            self._in_play = False
        if self._failed_during_play is not None:
            self._unplayable(track, self._failed_during_play)
            return False
        self._unplayable_paths.discard(track.path)
        reason = (QUEUED_BY_YOU if self.queue.current_origin() is Origin.USER
                  else self._reasons.get(track.path, ""))
        self.last_reason = reason
        for callback in list(self._callbacks):
            callback(track, reason)
        return True

    def _unplayable(self, track: Track, error: Exception) -> None:
        if not isinstance(error, EmotuneError):
            error = PlayerError("Cannot play this track", str(error))
        log.warning("cannot play %s: %s", track.path, error)
        self._failures += 1
        self._unplayable_paths.add(track.path)
        for callback in list(self._unplayable_callbacks):
            callback(track, error)
        if self._failures >= MAX_CONSECUTIVE_FAILURES:
            self.player.stop()
            stopped = PlayerError("Playback stopped",
                                  f"{self._failures} tracks in a row could not be played (the last: "
                                  f"{track.display_title}). Check that the music files are still there "
                                  "and readable, then press Play.")
            for callback in list(self._stopped_callbacks):
                callback(stopped)

    # -- the player's callbacks (any thread) --------------------------------------
    def _track_finished(self, uri: str) -> None:
        with self._lock:
            current = self.queue.current()
            if current is not None and current.path == uri:
                self._failures = 0
                self._advance()

    def _player_failed(self, error: Exception) -> None:
        if self._in_play:  # reported from inside play(): _play handles it
            self._failed_during_play = error
            return
        with self._lock:
            current = self.queue.current()
            if current is None:
                return
            self._unplayable(current, error)
            if self._failures < MAX_CONSECUTIVE_FAILURES:
                self._advance()

    def _position_changed(self, position_s: float, _duration_s: float) -> None:
        if position_s >= PLAYED_AFTER_S:
            self._failures = 0
