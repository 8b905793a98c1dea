"""Mood-driven playback from Spotify, for when the source switch says Spotify.

The selection policy turns the listener's emotions into a point on the mood plane, as for the local
library; here the nearest named mood picks a Spotify playlist (the user's choice for that mood, else
a search), which plays on the user's Spotify Connect device. Lift aims one step along its path, since
a playlist plays for a while. Requests that may touch the network run on the task runner; the Spotify
player's callbacks come back on the GUI thread through a PlayerBridge and a queued signal.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal

from emotune.errors import SpotifyError
from emotune.library.track import Track
from emotune.mood_space import nearest_mood
from emotune.moods.mood_dj import read_mood_state
from emotune.player.base_player import PlayerState
from emotune.ui.player_bridge import PlayerBridge

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

    def __init__(self, service, policy, runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.policy = policy
        self.runner = runner
        self.active = False
        self.playing_mood: str | None = None
        self._emotion: str | None = None
        self._probabilities = None
        self._bridge: PlayerBridge | None = None
        self._item_posted.connect(self._item_changed, Qt.ConnectionType.QueuedConnection)
        self._unavailable_posted.connect(self._unavailable, Qt.ConnectionType.QueuedConnection)

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
        self.active = True
        self.playing_mood = None
        self._play_for_mood()

    def deactivate(self) -> None:
        if self.active and self._bridge is not None:
            self.player.pause()
        self.active = False

    # -- inputs -----------------------------------------------------------------------
    def on_mood(self, result) -> None:
        emotion, probabilities = read_mood_state(result)
        if probabilities is not None and emotion is not None:
            self._probabilities = probabilities
        if emotion is None or emotion == self._emotion:
            return
        self._emotion = emotion
        if self.policy.mode != "manual":
            self._play_for_mood()

    def policy_changed(self) -> None:
        self._play_for_mood()

    def toggle_play_pause(self) -> None:
        if not self.active:
            return
        state = self.player.state
        if state is PlayerState.PLAYING:
            self.player.pause()
        elif state is PlayerState.PAUSED:
            self.player.resume()
        else:
            self.playing_mood = None
            self._play_for_mood()

    def next(self) -> None:
        if self.active:
            self.player.next()

    # -- choosing -----------------------------------------------------------------------
    def target_mood(self) -> tuple[str, str]:
        """(named mood to play, reason text) for the emotions seen so far."""
        targets = self.policy.targets(self._probabilities, 2)
        target = targets[1] if self.policy.mode == "lift" else targets[0]
        mood = self.policy.manual_mood if self.policy.mode == "manual" else nearest_mood(target.point)
        if self.policy.mode == "manual":
            return mood, f"Manual → {mood}"
        listener = target.listener
        seen = f"{listener.emotion.title()} {listener.confidence:.2f}" if listener else "No face yet"
        return mood, f"{seen} → {self.policy.mode} → {mood}"

    def _play_for_mood(self) -> None:
        if not self.active:
            return
        mood, reason = self.target_mood()
        if mood == self.playing_mood:
            return
        self.playing_mood = mood
        player = self.player

        def work():
            source = self.service.mood_source(mood)  # may search Spotify: off the GUI thread
            player.play(source.uri)
            return source

        def done(source, error) -> None:
            if error is not None:
                self.playing_mood = None
                self._error(error)
            elif self.active:
                self.reason_changed.emit(f"{reason} · Spotify: {source.label}")

        self.runner.run_task(work, done)

    # -- reports from the Spotify player ---------------------------------------------------
    def _state_changed(self, state: PlayerState) -> None:
        if self.active:
            self.state_changed.emit(state)

    def _position_changed(self, position: float, duration: float) -> None:
        if self.active:
            self.position_changed.emit(position, duration)

    def _item_changed(self, now) -> None:
        if self.active:
            self.now_playing_changed.emit(Track(path=now.item_uri, title=now.title or now.item_uri,
                                                album="Spotify", duration=now.duration_s,
                                                mood=self.playing_mood or ""))

    def _error(self, error: Exception) -> None:
        if not isinstance(error, SpotifyError):
            error = SpotifyError("Spotify playback failed", str(error))
        log.warning("spotify: %s", error)
        self.failed.emit(error)

    def _unavailable(self, error: SpotifyError) -> None:
        if self.active:
            self.unavailable.emit(error)
