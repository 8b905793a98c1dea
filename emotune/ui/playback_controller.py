"""Between the window and the audio: plays what the user picks, steps through the queue, and lets the
mood DJ choose when the mood changes.

The player, queue, policy and DJ are plain objects built by the composition root; this class re-posts
their callbacks onto the GUI thread (``PlayerBridge`` and a queued signal for the DJ's choices) and
turns them into signals the widgets show. Every change of the queue, whoever made it, is announced
from one read of it (``queue_changed`` and ``up_next_changed`` together), so the queue panel and "Up
next" never disagree. Album art is read in the background.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from emotune.choices import SwitchBehaviour
from emotune.errors import EmotuneError
from emotune.inference.mood_event import MoodEvent
from emotune.library.track import Track
from emotune.moods.mood_dj import MoodDJ
from emotune.moods.resume_point import ResumePoint
from emotune.moods.selection_policy import SelectionPolicy
from emotune.moods.track_queue import Origin, PlayQueue, QueueEntry
from emotune.player.base_player import BasePlayer, PlayerState
from emotune.settings import Settings
from emotune.ui.mood_timeline import MoodHistory
from emotune.ui.player_bridge import PlayerBridge
from emotune.ui.task_runner import SyncTaskRunner, TaskRunner

log = logging.getLogger(__name__)

RESTART_AFTER_S = 3.0
"""Previous restarts the current track when it has played longer than this."""

RESUMED = "Where you left off"


class PlaybackController(QObject):
    state_changed = Signal(object)  # PlayerState
    position_changed = Signal(float, float)  # throttled
    track_started = Signal(object)  # Track | None
    cover_loaded = Signal(object, object)  # track id, image bytes | None
    reason_changed = Signal(str)
    up_next_changed = Signal(object)  # Track | None: what plays after the current track
    queue_changed = Signal(object)  # list[QueueEntry]: everything that plays after it, the user's picks first
    seeked = Signal(float)  # seconds: the position jumped because someone asked (MPRIS announces it)
    failed = Signal(object)  # EmotuneError
    output_failed = Signal(object)  # PlayerError: no sound output works (told once; playback goes on)

    unplayable = Signal(object, object)  # Track, EmotuneError: the DJ skipped it
    _selection_posted = Signal(object, str)  # the DJ may choose from a backend thread
    _unplayable_posted = Signal(object, object)
    _stopped_posted = Signal(object)
    _queue_posted = Signal()  # the queue may change on a backend thread (a track ended)

    def __init__(self, *, player: BasePlayer, queue: PlayQueue, policy: SelectionPolicy, dj: MoodDJ,
                 runner: TaskRunner | SyncTaskRunner, read_cover: Callable[[Path], bytes | None], settings: Settings,
                 history: MoodHistory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.queue = queue
        self.policy = policy
        self.dj = dj
        self.runner = runner
        self.read_cover = read_cover
        self.history = history
        self.current: Track | None = None
        self._up_next: Track | None = None
        self.ahead: list[QueueEntry] = []  # as last announced
        self.played_uris: list[str] = []
        self._cued_s: float | None = None  # where a resumed, not yet started track begins
        self.bridge = PlayerBridge(self.player, parent=self)
        self.bridge.state_changed.connect(self._state_changed)
        self.bridge.position_changed.connect(self.position_changed)
        self.bridge.error_occurred.connect(self._error)
        self.bridge.output_failed.connect(self.output_failed)
        self._selection_posted.connect(self._dj_selected)
        self._unplayable_posted.connect(self._unplayable)
        self._stopped_posted.connect(self.failed)
        self.dj.on_selection(self._selection_posted.emit)
        self.dj.on_unplayable(self._unplayable_posted.emit)
        self.dj.on_stopped(self._stopped_posted.emit)
        self._queue_posted.connect(self._announce_queue)
        self.queue.on_changed(self._queue_posted.emit)
        self.player.set_volume(settings.get("volume"))
        self.queue.shuffle = settings.get("shuffle")

    # -- user actions ------------------------------------------------------
    # The DJ advances the queue itself when a track ends (on the player's thread) and rebuilds what is
    # upcoming when the mood changes; the user's own steps go through the DJ too, under its lock, so
    # the two never move the queue at the same time. What started is announced by on_selection.
    def play_track(self, track: Track, context: list[Track] | None = None) -> None:
        """Play ``track`` now; the tracks it was chosen among become the queue around it (a track that
        cannot play is reported through ``unplayable`` and the next one plays)."""
        self.dj.play_chosen(track, list(context or [track]))

    def toggle_play_pause(self) -> None:
        state = self.player.state
        if state is PlayerState.PLAYING:
            self.player.pause()
        elif state is PlayerState.PAUSED:
            self.player.resume()
        elif self.queue.current() is not None:
            start_s, self._cued_s = self._cued_s, None
            self.dj.play_current(reason=RESUMED if start_s is not None else "", start_s=start_s or 0.0)
        else:
            self.start_mood_playback()

    def resume_point(self) -> ResumePoint | None:
        """What plays now and where, to come back to after a restart."""
        playing = self.player.state in (PlayerState.PLAYING, PlayerState.PAUSED)
        position = self.player.position() if playing else (self._cued_s or 0.0)
        ahead = self.dj.entries_ahead()
        return ResumePoint.of(self.queue.current(), position,
                              [entry.track for entry in ahead if entry.origin is Origin.AUTO],
                              [entry.track for entry in ahead if entry.origin is Origin.USER])

    def cue(self, point: ResumePoint, tracks: list[Track]) -> bool:
        """Show ``point``'s track as the current one, paused at its position, with the user's picks and
        the rest of its queue after it; Play starts it there. False when the track is no longer in the
        library (the user's picks still come back, and Play starts with them)."""
        resolved = point.resolve(tracks)
        queued = point.resolve_queued(tracks)
        if resolved is None:
            if queued:
                self.dj.cue(None, queued, [], RESUMED)
            return False
        track, upcoming, start_s = resolved
        self.dj.cue(track, queued, upcoming, RESUMED)
        self._cued_s = start_s
        self.current = track
        self.track_started.emit(track)
        self.reason_changed.emit(f"{RESUMED}: press Play to go on")
        self.position_changed.emit(start_s, track.duration)
        self._read_cover(track)
        return True

    # -- the user's queue: every edit under the DJ's lock, announced through queue_changed ------
    def play_next(self, tracks: list[Track]) -> None:
        self.dj.edit_queue(lambda queue: queue.play_next(tracks))

    def add_to_queue(self, tracks: list[Track]) -> None:
        self.dj.edit_queue(lambda queue: queue.add_to_queue(tracks))

    def move_in_queue(self, row: int, before: int) -> bool:
        """Move the entry at ``row`` of what is ahead before ``before``, as a drag in the queue does."""
        return self.dj.edit_queue(lambda queue: queue.move(row, before))

    def remove_from_queue(self, rows: list[int]) -> None:
        self.dj.edit_queue(lambda queue: queue.remove(rows))

    def clear_queue(self) -> None:
        """Take out the user's picks; the mood DJ's stay (and it plans more if nothing is left)."""
        self.dj.edit_queue(PlayQueue.clear_queued)

    def start_mood_playback(self) -> None:
        """Let the DJ pick music for the mood seen now (neutral until a face is seen). Nothing played
        from a library with tracks: the DJ has said which could not be played."""
        if self.dj.start() is None and self.dj.library_empty:
            self.failed.emit(EmotuneError("Nothing to play yet",
                                          "The library is empty: add a music folder or create the demo library."))

    def next(self) -> None:
        if self.dj.skip() is None:
            self.start_mood_playback()

    def previous(self) -> None:
        if self.current is not None and self.player.position() > RESTART_AFTER_S:
            self.seek(0.0)
        elif self.dj.back() is None and self.current is not None:
            self.seek(0.0)

    def pause(self) -> None:
        self.player.pause()

    def stop(self) -> None:
        self.player.stop()
        self.history.stop_track()

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)
        self.seeked.emit(self.player.position())

    def set_volume(self, volume: int) -> None:
        self.player.set_volume(volume)

    def set_output_device(self, device_id: str) -> None:
        self.player.set_output_device(device_id)

    def set_shuffle(self, on: bool) -> None:
        def change(queue: PlayQueue) -> None:
            queue.shuffle = on

        self.dj.edit_queue(change)

    def set_policy(self, mode: str, manual_mood: str) -> None:
        self.policy.set_mode(mode, manual_mood)
        self.dj.policy_changed()

    def set_switch_behaviour(self, behaviour: SwitchBehaviour) -> None:
        self.dj.switch_behaviour = behaviour

    def on_mood(self, event: MoodEvent) -> None:
        self.dj.on_mood(event)

    def _announce_queue(self) -> None:
        """Read what is ahead once, and tell the queue panel and "Up next" what changed in it."""
        ahead = self.dj.entries_ahead()
        if ahead != self.ahead:
            self.ahead = ahead
            self.queue_changed.emit(ahead)
        following = ahead[0].track if ahead else None
        if (following and following.path) != (self._up_next and self._up_next.path):
            self._up_next = following
            self.up_next_changed.emit(following)

    def track_updated(self, track: Track) -> None:
        if self.current is not None and track.id == self.current.id:
            self.current = track
            self.track_started.emit(track)

    def shutdown(self) -> None:
        self.bridge.stop_updates()
        self.player.stop()

    # -- reactions -----------------------------------------------------------
    def _started(self, track: Track, reason: str) -> None:
        self._cued_s = None
        self.current = track
        self.played_uris.append(track.path)
        self.history.start_track(track.display_title, track.mood)
        self.track_started.emit(track)
        self.reason_changed.emit(reason or "Next in the queue")
        self._read_cover(track)

    def _read_cover(self, track: Track) -> None:
        track_id = track.id
        self.runner.run_task(lambda: self.read_cover(Path(track.path)),
                             lambda data, error: self.cover_loaded.emit(track_id, data if error is None else None))

    def _dj_selected(self, track: Track, reason: str) -> None:
        self._started(track, reason)

    def _state_changed(self, state: PlayerState) -> None:
        # A track that ends on its own needs nothing here: the DJ starts the next one, whose start
        # closes this one's segment in the Played lane; when nothing follows, STOPPED closes it.
        if state is PlayerState.STOPPED and self.player.state is PlayerState.STOPPED:
            self.history.stop_track()
        self.state_changed.emit(state)

    def _unplayable(self, track: Track, error: EmotuneError) -> None:
        self.unplayable.emit(track, error)
        self.failed.emit(EmotuneError(f"Skipped “{track.display_title}”", error.detail))

    def _error(self, error: Exception) -> None:
        """Player errors reach the DJ too, which skips the track and says so (``unplayable``)."""
        log.warning("player error: %s", error)
