"""Spotify as a player backend: Emotune tells the user's Spotify app what to play and watches it.

The sound comes from a Spotify Connect device (the Spotify app on this computer or a phone); control
needs Premium. One worker thread makes every request in order, so no caller ever waits on the network,
and between commands it polls politely — every ``poll_interval_s`` (never more often than once a
second; sooner only to catch a track's end) — to learn of pauses made in the Spotify app and of the end
of what Emotune started. In between, the position ticks forward locally once a second.

``play(uri)``: a track URI plays on its own; a playlist or album URI plays as a context that Spotify
walks through itself. ``track_finished(uri)`` fires with the URI given to ``play`` when that track, or
the whole context, is over or was replaced in the Spotify app; ``on_item_changed`` reports each track.

Fallback hook: when playback cannot go on without the user (kinds ``premium_required``,
``no_active_device``, ``not_linked``, ``needs_relink``) the SpotifyError goes to ``on_error`` *and* to
every ``on_unavailable`` callback, where the app switches to the local library. ``open_in_spotify_app``
opens a ``spotify:`` URI in the desktop app, which also makes this computer a device.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.player.base_player import BasePlayer, PlayerState
from emotune.spotify.client import SpotifyClient
from emotune.spotify.error_translation import UNAVAILABLE_KINDS
from emotune.spotify.models import NowPlaying

log = logging.getLogger(__name__)

MIN_POLL_S = 1.0
TICK_S = 1.0
END_MARGIN_S = 0.3
START_GRACE_S = 10.0  # Spotify may report the previous item for a moment after start_playback
MAX_RATE_WAIT_S = 600.0
_CLOSE = "close"

UnavailableCallback = Callable[[SpotifyError], None]
ItemCallback = Callable[[NowPlaying], None]


def open_in_spotify_app(uri: str, opener: Callable[[str], Any] = webbrowser.open) -> bool:
    """Open ``spotify:…`` in the Spotify desktop app through the system's URL handler; False if nothing
    handled it. The Qt shell passes ``lambda u: QDesktopServices.openUrl(QUrl(u))`` as ``opener``."""
    if not uri.startswith("spotify:"):
        raise ValueError(f"not a spotify: URI: {uri!r}")
    try:
        return bool(opener(uri))
    except Exception as error:  # no handler for the scheme, no desktop session…
        log.info("could not open %s in the Spotify app: %s", uri, error)
        return False


def _uri_id(uri: str) -> str:
    """The ID at the end of a URI: a playlist may come back as ``spotify:user:…:playlist:ID``."""
    return uri.rsplit(":", 1)[-1]


class SpotifyPlayer(BasePlayer):
    """Plays Spotify URIs on the chosen device; ``client`` and ``device_id`` are read at each command, so
    a relink or a new device choice applies without rebuilding the player."""

    name = "spotify"

    def __init__(self, client: Callable[[], SpotifyClient], device_id: Callable[[], str] = lambda: "",
                 poll_interval_s: float = 3.0, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._client = client
        self._device_id = device_id
        self._poll_interval_s = max(MIN_POLL_S, poll_interval_s)
        self._clock = clock
        self._commands: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._unavailable_callbacks: list[UnavailableCallback] = []
        self._item_callbacks: list[ItemCallback] = []
        self._uri = ""
        self._started_at = 0.0
        self._last: NowPlaying | None = None
        self._last_at = 0.0
        self._next_poll_at = 0.0
        self._volume = 100
        self._volume_sent: int | None = None
        self._poll_error_kind = ""
        self._closed = False
        self._worker = threading.Thread(target=self._work, name="spotify-player", daemon=True)
        self._worker.start()

    # -- subscriptions beyond the contract -------------------------------------------------------
    def on_unavailable(self, callback: UnavailableCallback) -> None:
        """``callback(error)`` when Spotify cannot play without the user: the place to fall back to local music."""
        self._unavailable_callbacks.append(callback)

    def on_item_changed(self, callback: ItemCallback) -> None:
        """``callback(now_playing)`` whenever a new track starts, also within a playlist context."""
        self._item_callbacks.append(callback)

    # -- the contract (every method returns at once; the worker does the requests) ----------------
    def play(self, uri: str) -> None:
        if self._closed:
            raise SpotifyError("The Spotify player is closed", "Playback was requested after shutdown.")
        self._commands.put(("play", uri))

    # Commands are queued whatever the state: the worker judges it after the commands before (a pause right
    # after play() must apply to that play).
    def pause(self) -> None:
        self._commands.put(("pause", None))

    def resume(self) -> None:
        self._commands.put(("resume", None))

    def next(self) -> None:
        """Skip to the next track of the context (for a single track: end it)."""
        self._commands.put(("next", None))

    def stop(self) -> None:
        self._commands.put(("stop", None))

    def seek(self, position_s: float) -> None:
        self._commands.put(("seek", max(0.0, position_s)))

    def position(self) -> float:
        last = self._last
        if last is None or self._state not in (PlayerState.PLAYING, PlayerState.PAUSED):
            return 0.0
        if self._state is PlayerState.PAUSED or not last.is_playing:
            return last.progress_s
        return min(last.progress_s + self._clock() - self._last_at, last.duration_s)

    def duration(self) -> float:
        last = self._last
        return last.duration_s if last is not None and self._state in (PlayerState.PLAYING, PlayerState.PAUSED) else 0.0

    def set_volume(self, volume: int) -> None:
        """Applied to the device only while Emotune's item plays; a slider's burst sends only its last value."""
        self._volume = int(min(max(volume, 0), 100))
        self._commands.put(("volume", None))

    def volume(self) -> int:
        return self._volume

    def close(self) -> None:
        """Pause what Emotune started (bounded by the request timeout) and end the worker."""
        if self._closed:
            return
        self.stop()
        self._closed = True
        self._commands.put((_CLOSE, None))
        if threading.current_thread() is not self._worker:
            self._worker.join(timeout=20.0)

    # -- the worker thread -----------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            try:
                command, argument = self._commands.get(timeout=self._wait_s())
            except queue.Empty:
                if self._clock() >= self._next_poll_at:
                    self._poll()
                elif self._state is PlayerState.PLAYING:
                    self._emit_position(self.position(), self.duration())
                continue
            if command == _CLOSE:
                return
            try:
                getattr(self, f"_do_{command}")(argument)
            except SpotifyError as error:
                self._failed(command, error)

    def _wait_s(self) -> float | None:
        """Seconds until the next tick or poll; None (wait for a command) when nothing is being watched."""
        if not self._uri:
            return None
        until_poll = max(0.0, self._next_poll_at - self._clock())
        return min(until_poll, TICK_S) if self._state is PlayerState.PLAYING else until_poll

    def _schedule_poll(self) -> None:
        delay = self._poll_interval_s
        last = self._last
        if last is None:
            delay = MIN_POLL_S  # confirm soon that Spotify started
        elif last.is_playing and last.duration_s > 0:
            remaining = last.duration_s - self.position()
            delay = min(delay, max(MIN_POLL_S, remaining + END_MARGIN_S))
        self._next_poll_at = max(self._next_poll_at, self._clock() + delay)

    def _device(self) -> str | None:
        return self._device_id() or None

    def _do_play(self, uri: str) -> None:
        self._client().start_playback(uri, self._device())
        self._uri, self._last, self._started_at = uri, None, self._clock()
        self._next_poll_at = 0.0
        self._schedule_poll()
        self._set_state(PlayerState.PLAYING)

    def _do_pause(self, _: None) -> None:
        if self._state is PlayerState.PLAYING:
            self._client().pause(self._device())
            self._remember(self._frozen(self._last))
            self._set_state(PlayerState.PAUSED)

    def _do_resume(self, _: None) -> None:
        if self._state is PlayerState.PAUSED:
            self._client().resume(self._device())
            if self._last is not None:
                self._remember(replace(self._last, is_playing=True))
            self._set_state(PlayerState.PLAYING)

    def _do_next(self, _: None) -> None:
        if not self._uri:
            return
        self._client().next_track(self._device())
        self._next_poll_at = 0.0
        self._schedule_poll()

    def _do_seek(self, position_s: float) -> None:
        if not self._uri:
            return
        self._client().seek(position_s, self._device())
        if self._last is not None:
            self._remember(replace(self._last, progress_s=position_s))

    def _do_volume(self, _: None) -> None:
        volume = self._volume
        if self._uri and volume != self._volume_sent:
            self._client().set_volume(volume, self._device())
            self._volume_sent = volume

    def _do_stop(self, _: None) -> None:
        was_playing = self._state is PlayerState.PLAYING
        self._forget()
        self._set_state(PlayerState.STOPPED)
        if was_playing:
            self._client().pause(self._device())

    def _failed(self, command: str, error: SpotifyError) -> None:
        if error.kind == "rate_limited":
            wait = min(error.retry_after or MIN_POLL_S, MAX_RATE_WAIT_S)
            self._next_poll_at = max(self._next_poll_at, self._clock() + wait)
        unavailable = error.kind in UNAVAILABLE_KINDS
        if command == "stop" or (command == "volume" and not unavailable):
            log.warning("Spotify %s failed: %s", command, error.short)  # nothing the user can do about it now
            return
        if command == "poll" and not unavailable:
            if error.kind != self._poll_error_kind:  # report an outage once, not at every poll
                self._poll_error_kind = error.kind
                self._emit_error(error)
            return
        if command == "play" or unavailable:
            self._forget()
            self._set_state(PlayerState.ERROR)
        self._emit_error(error)
        if unavailable:
            for callback in list(self._unavailable_callbacks):
                callback(error)

    # -- watching Spotify ------------------------------------------------------------------------
    def _poll(self) -> None:
        try:
            now = self._client().currently_playing()
        except SpotifyError as error:
            self._schedule_poll()
            self._failed("poll", error)
            return
        self._poll_error_kind = ""
        self._observe(now)
        if self._uri:
            self._schedule_poll()

    def _observe(self, now: NowPlaying | None) -> None:
        previous = self._last
        ours = now is not None and self._is_ours(now)
        if previous is None:  # Emotune's play not yet seen in Spotify's state
            if ours:
                self._accept(now, previous)
            elif self._clock() - self._started_at > START_GRACE_S:
                self._forget()
                self._set_state(PlayerState.ERROR)
                self._emit_error(SpotifyError("Spotify did not start playing",
                                              "The device accepted the request but kept playing something else. "
                                              "Try again or choose another device.", kind=SpotifyErrorKind.NOT_STARTED))
            return
        ended = self._ended_by_now(previous)
        if not ours:
            if now is None and not ended:
                self._forget()  # stopped in the Spotify app
                self._set_state(PlayerState.STOPPED)
            else:
                self._finish()
        elif not now.is_playing and now.progress_s < 1.0 and ended:
            self._finish()
        else:
            self._accept(now, previous)

    def _accept(self, now: NowPlaying, previous: NowPlaying | None) -> None:
        self._remember(now)
        self._set_state(PlayerState.PLAYING if now.is_playing else PlayerState.PAUSED)
        self._emit_position(now.progress_s, now.duration_s)
        if previous is None or previous.item_uri != now.item_uri:
            for callback in list(self._item_callbacks):
                callback(now)

    def _is_ours(self, now: NowPlaying) -> bool:
        reported = now.item_uri if self._uri.startswith("spotify:track:") else now.context_uri
        return bool(reported) and _uri_id(reported) == _uri_id(self._uri)

    def _ended_by_now(self, previous: NowPlaying) -> bool:
        """Whether the item last seen playing would have reached its end by now."""
        if not previous.is_playing or previous.duration_s <= 0:
            return False
        elapsed = self._clock() - self._last_at
        return previous.progress_s + elapsed >= previous.duration_s - 1.0

    def _finish(self) -> None:
        uri = self._uri
        self._forget()
        self._set_state(PlayerState.STOPPED)
        self._emit_finished(uri)

    def _remember(self, now: NowPlaying | None) -> None:
        self._last, self._last_at = now, self._clock()

    def _frozen(self, last: NowPlaying | None) -> NowPlaying | None:
        """``last`` as it stands now, paused."""
        if last is None:
            return None
        return replace(last, is_playing=False, progress_s=self.position())

    def _forget(self) -> None:
        self._uri, self._last = "", None
