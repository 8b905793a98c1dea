"""Sends the transport buttons, the seek bar and the listener's mood to whichever source plays: the
local library (PlaybackController and its DJ) or Spotify (SpotifyMoodPlayback), and shows the active
one in the player bar. When Spotify cannot go on without the user, it falls back to local music.

The saved source is the listener's own choice: a fallback lasts for the session (Spotify's app not open
yet, a link to renew), so the next start tries Spotify again. Only a choice that never took effect (no
account linked) is saved as local, or every start would repeat the same error."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from emotune.errors import EmotuneError
from emotune.inference.mood_event import MoodEvent
from emotune.player.base_player import PlayerState
from emotune.spotify.link_status import LinkState
from emotune.settings import Settings
from emotune.ui.player_bar import PlayerBar
from emotune.ui.playback_controller import PlaybackController
from emotune.ui.policy_selector import Segmented
from emotune.ui.spotify_playback import SpotifyMoodPlayback


class SourceRouter(QObject):
    track_started = Signal(object)  # a local Track started (the library table marks it)
    state_changed = Signal(object)  # PlayerState of the source that plays (also on a switch of source)
    now_playing_changed = Signal(object)  # Track of the source that plays (Spotify's made from its report), or None
    reason_changed = Signal(str)
    failed = Signal(object)  # EmotuneError to show
    source_changed = Signal(str)

    def __init__(self, playback: PlaybackController, spotify: SpotifyMoodPlayback | None, bar: PlayerBar,
                 switch: Segmented, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.playback, self.spotify, self.bar, self.switch, self.settings = playback, spotify, bar, switch, settings
        self._spotify_track = None  # what Spotify last said it plays
        transport = bar.transport
        transport.play_pause_clicked.connect(self.play_pause)
        transport.next_clicked.connect(self.next_track)
        transport.previous_clicked.connect(self.previous_track)
        bar.seek_bar.position_chosen.connect(self.seek)
        playback.state_changed.connect(self._local_state)
        playback.position_changed.connect(self._local_position)
        playback.track_started.connect(self._local_track)
        playback.cover_loaded.connect(bar.now_playing.set_cover)
        playback.reason_changed.connect(self._local_reason)
        playback.failed.connect(self.failed)
        switch.chosen.connect(self.choose)
        if spotify is not None:
            spotify.state_changed.connect(self._spotify_state)
            spotify.position_changed.connect(bar.seek_bar.set_position)
            spotify.now_playing_changed.connect(self._spotify_now_playing)
            spotify.reason_changed.connect(self.reason_changed)
            spotify.failed.connect(self.failed)
            spotify.unavailable.connect(self._spotify_unavailable)

    @property
    def local(self) -> bool:
        return self.spotify is None or not self.spotify.active

    # -- user actions --------------------------------------------------------------------
    @property
    def state(self) -> PlayerState:
        """The state of the source that plays."""
        return self.playback.player.state if self.local else self.spotify.player.state

    @property
    def now_playing(self):
        """The Track of the source that plays: the local one, or one made from Spotify's report (or None)."""
        return self.playback.current if self.local else self._spotify_track

    def position(self) -> float:
        """Seconds into what the source that plays is playing."""
        return (self.playback.player if self.local else self.spotify.player).position()

    def play_pause(self) -> None:
        (self.playback.toggle_play_pause if self.local else self.spotify.toggle_play_pause)()

    def play(self) -> None:
        if self.state is not PlayerState.PLAYING:
            self.play_pause()

    def pause(self) -> None:
        if self.state is PlayerState.PLAYING:
            self.play_pause()

    def stop(self) -> None:
        """Spotify has no stop that keeps its place: it pauses."""
        (self.playback.stop if self.local else self.pause)()

    def next_track(self) -> None:
        (self.playback.next if self.local else self.spotify.next)()

    def previous_track(self) -> None:
        if self.local:
            self.playback.previous()

    def seek(self, seconds: float) -> None:
        (self.playback.seek if self.local else self.spotify.player.seek)(seconds)

    def play_track(self, track, context: list) -> None:
        """A track chosen in the library always plays locally."""
        if not self.local:
            self.switch.set_value("local")
            self.choose("local")
        self.playback.play_track(track, context)

    def on_mood(self, event: MoodEvent) -> None:
        """Both DJs follow every mood event, so either starts from the mood that has held when chosen;
        only the one that plays changes what is heard."""
        if self.spotify is not None:
            self.spotify.on_mood(event)
        self.playback.on_mood(event)

    def apply_policy(self) -> None:
        self.playback.set_policy(self.settings.get("policy"), self.settings.get("manual_mood"))
        if not self.local:
            self.spotify.policy_changed()

    def restore(self) -> None:
        """At start, play from the source the listener chose last."""
        if self.settings.get("source") == "spotify":
            self.switch.set_value("spotify")
            self.choose("spotify", remember=False)

    def choose(self, source: str, remember: bool = True) -> None:
        """Switch the source: the other one pauses, the player bar shows the new one. ``remember``: the
        listener chose it (saved), else a fallback or the start (the saved choice stays)."""
        if source == "spotify" and self.spotify is None:
            source = "local"
        if remember:
            self.settings.set("source", source)
        bar = self.bar
        if source == "spotify":
            if self.spotify.active:
                return
            not_ready, state = self._spotify_not_ready()
            if not_ready is not None:  # explain, and the local music plays on
                self.failed.emit(not_ready)
                self.switch.set_value("local")
                if remember or state is LinkState.NOT_LINKED:
                    self.settings.set("source", "local")
                source = "local"
        if source == "spotify":
            self.playback.pause()
            self._spotify_track = None
            bar.now_playing.set_track(None)
            bar.now_playing.subtitle.setText("Spotify: choosing music for your mood…")
            bar.seek_bar.reset()
            bar.transport.set_state(PlayerState.STOPPED)
            self.spotify.activate()
        else:
            if self.spotify is not None:
                self.spotify.deactivate()
            bar.now_playing.set_track(self.playback.current)
            bar.transport.set_state(self.playback.player.state)
        bar.transport.previous_button.setEnabled(source == "local")
        self.source_changed.emit(source)
        self.state_changed.emit(self.state)
        self.now_playing_changed.emit(self.now_playing)

    def _spotify_not_ready(self) -> tuple[EmotuneError | None, LinkState]:
        """Why Spotify cannot play now (no account linked, a link to renew, missing permissions), or None;
        and the link's state."""
        status = self.spotify.service.status(check_online=False)
        if status.state is LinkState.LINKED:
            return None, status.state
        what = {LinkState.NOT_LINKED: "link your account in Settings → Spotify (your app's Client ID, then "
                                      "Link Spotify…)",
                LinkState.NEEDS_RELINK: "Spotify asks you to link again: Settings → Spotify → Link again…",
                LinkState.MISSING_PERMISSIONS: status.message or "Settings → Spotify → Link again…, and "
                                                                  "allow every permission Emotune asks for"}
        return EmotuneError("Spotify is not ready", f"To play from Spotify, {what[status.state]}. "
                                                    "Your local music keeps playing."), status.state

    def shutdown(self) -> None:
        if self.spotify is not None:
            self.spotify.deactivate()
        self.playback.shutdown()

    # -- reports from the local player ----------------------------------------------------
    def _local_state(self, state: PlayerState) -> None:
        if self.local:
            self.bar.transport.set_state(state)
            self.state_changed.emit(state)

    def _local_position(self, position: float, duration: float) -> None:
        if self.local:
            self.bar.seek_bar.set_position(position, duration)

    def _local_track(self, track) -> None:
        if self.local:
            self.bar.now_playing.set_track(track)
            self.track_started.emit(track)
            self.now_playing_changed.emit(track)

    def _local_reason(self, reason: str) -> None:
        if self.local:
            self.reason_changed.emit(reason)

    # -- reports from Spotify (sent only while it is the source) ---------------------------
    def _spotify_state(self, state: PlayerState) -> None:
        self.bar.transport.set_state(state)
        self.state_changed.emit(state)

    def _spotify_now_playing(self, track) -> None:
        self._spotify_track = track
        self.bar.now_playing.set_track(track)
        self.now_playing_changed.emit(track)

    def _spotify_unavailable(self, error: EmotuneError) -> None:
        self.failed.emit(error)
        self.switch.set_value("local")
        self.choose("local", remember=False)
