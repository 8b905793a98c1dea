"""The Qt shell around the Spotify ``PlaylistDJ``: bridges the Spotify player's callbacks onto the GUI
thread and turns them into the signals the player bar shows. The choice of music is the DJ's
(``emotune.moods.playlist_dj``), with the same switching rule and table as local music.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from emotune.choices import SwitchBehaviour
from emotune.errors import EmotuneError, SpotifyError
from emotune.inference.mood_event import MoodEvent
from emotune.library.track import Track
from emotune.moods.playlist_dj import PlaylistDJ
from emotune.player.base_player import PlayerState
from emotune.spotify.errors import SpotifyErrorKind
from emotune.ui.player_bridge import PlayerBridge

if TYPE_CHECKING:
    from emotune.moods.selection_policy import SelectionPolicy
    from emotune.spotify.service import SpotifyService
    from emotune.ui.task_runner import SyncTaskRunner, TaskRunner

log = logging.getLogger(__name__)


class SpotifyMoodPlayback(QObject):
    state_changed = Signal(object)  # PlayerState of the Spotify player
    position_changed = Signal(float, float)
    now_playing_changed = Signal(object)  # a Track made from what Spotify reports
    reason_changed = Signal(str)
    failed = Signal(object)  # SpotifyError
    unavailable = Signal(object)  # SpotifyError after which only the user can help: fall back to local

    _item_posted = Signal(object)
    _unavailable_posted = Signal(object)
    _started_posted = Signal(str, str)
    _failed_posted = Signal(object)

    def __init__(self, *, service: SpotifyService, policy: SelectionPolicy, runner: TaskRunner | SyncTaskRunner,
                 switch_behaviour: SwitchBehaviour = SwitchBehaviour.CROSSFADE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self._bridge: PlayerBridge | None = None
        self.dj = PlaylistDJ(lambda: self.player, policy, service.mood_source, submit=runner.run_task,
                             switch_behaviour=switch_behaviour)
        self.dj.on_started(self._started_posted.emit)
        self.dj.on_failed(self._failed_posted.emit)
        self._started_posted.connect(lambda mood, reason: self.reason_changed.emit(reason),
                                     Qt.ConnectionType.QueuedConnection)
        self._failed_posted.connect(self._error, Qt.ConnectionType.QueuedConnection)
        self._item_posted.connect(self._item_changed, Qt.ConnectionType.QueuedConnection)
        self._unavailable_posted.connect(self._unavailable, Qt.ConnectionType.QueuedConnection)

    @property
    def active(self) -> bool:
        return self.dj.active

    @property
    def playing_mood(self) -> str | None:
        return self.dj.playing_mood

    @property
    def player(self):
        """The Spotify player, made (and bridged to the GUI thread) on first use."""
        player = self.service.player
        if self._bridge is None:
            self._bridge = PlayerBridge(player, parent=self)
            self._bridge.state_changed.connect(self._state_changed)
            self._bridge.position_changed.connect(self._position_changed)
            self._bridge.error_occurred.connect(self._error)
            player.on_item_changed(self._item_posted.emit)
            player.on_unavailable(self._unavailable_posted.emit)
        return player

    # -- switching the source ---------------------------------------------------------
    def activate(self) -> None:
        self.dj.start()

    def deactivate(self) -> None:
        self.dj.stop_following()

    # -- inputs -----------------------------------------------------------------------
    def on_mood(self, event: MoodEvent) -> None:
        self.dj.on_mood(event)

    def policy_changed(self) -> None:
        self.dj.policy_changed()

    def set_switch_behaviour(self, behaviour: SwitchBehaviour) -> None:
        self.dj.switch_behaviour = behaviour

    def toggle_play_pause(self) -> None:
        if not self.dj.active:
            return
        state = self.player.state
        if state is PlayerState.PLAYING:
            self.player.pause()
        elif state is PlayerState.PAUSED:
            self.player.resume()
        else:
            self.dj.replay()

    def next(self) -> None:
        if self.dj.active:
            self.player.next()

    # -- reports from the Spotify player ---------------------------------------------------
    def _state_changed(self, state: PlayerState) -> None:
        if self.active:
            self.state_changed.emit(state)

    def _position_changed(self, position: float, duration: float) -> None:
        if self.active:
            self.position_changed.emit(position, duration)

    def _item_changed(self, now) -> None:
        self.dj.item_changed()
        if self.active:
            self.now_playing_changed.emit(Track(path=now.item_uri, title=now.title or now.item_uri,
                                                album="Spotify", duration=now.duration_s,
                                                mood=self.playing_mood or ""))

    def _error(self, error: Exception) -> None:
        if not isinstance(error, EmotuneError):
            error = SpotifyError("Spotify playback failed", str(error), kind=SpotifyErrorKind.ERROR)
        log.warning("spotify: %s", error)
        self.failed.emit(error)

    def _unavailable(self, error: SpotifyError) -> None:
        if self.active:
            self.unavailable.emit(error)
