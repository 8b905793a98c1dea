"""Spotify as a player backend: Emotune tells the user's Spotify app what to play and watches it.

The sound comes from a Spotify Connect device (the Spotify app on this computer or a phone); control
needs Premium. One worker thread makes every request in order, so no caller ever waits on the network,
and between commands it polls politely — every ``poll_interval_s`` (never more often than once a
second; sooner only to catch a track's end) — to learn of pauses made in the Spotify app and of the end
of what Emotune started. In between, the position ticks forward locally once a second.

``play(uri)``: a track URI plays on its own; a playlist or album URI plays as a context that Spotify
walks through itself. ``track_finished(uri)`` fires with the URI given to ``play`` when that track, or
the whole context, is over or was replaced in the Spotify app; ``on_item_changed`` reports each track.

The state follows the caller at once, as with the other backends: ``pause()`` returns with the player
PAUSED, ``stop()`` with it STOPPED, ``play()`` with it PLAYING (position 0 until Spotify confirms); the
worker then brings the device along, and a failure turns the state to ERROR. A poll answered while a
newer command was on its way is dropped, so Spotify's old news never undoes what the caller just did.

A 429 on start-playback does not lose what was to play: when Spotify asks to wait at most
``PLAY_RETRY_CAP_S`` the play is queued again after that wait (``PLAY_RETRIES`` times), and ``on_error``
says so; a longer wait, or another 429, falls back (below) with a message that says Emotune plays the
local library meanwhile.

Fallback hook: when playback cannot go on without the user (the kinds in ``UNAVAILABLE_KINDS``, or a
long rate limit) the SpotifyError goes to ``on_error`` *and* to every ``on_unavailable`` callback,
where the app switches to the local library. (Opening the desktop app, which also makes this
computer a device, is ``spotify_app.open_in_spotify_app``.)

``close()`` returns at once: the worker pauses what Emotune started and ends on its own, watched by a
short-lived non-daemon thread so the process waits for that last request (at most ``CLOSE_WAIT_S``)
after the window has gone, rather than the window waiting for the network.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from emotune.errors import SpotifyError
from emotune.player.base_player import BasePlayer, PlayerState
from emotune.spotify.client import SpotifyClient
from emotune.spotify.errors import UNAVAILABLE_KINDS, SpotifyErrorKind
from emotune.spotify.models import NowPlaying

log = logging.getLogger(__name__)

MIN_POLL_S = 1.0
TICK_S = 1.0
END_MARGIN_S = 0.3
START_GRACE_S = 10.0  # Spotify may report the previous item for a moment after start_playback
MAX_RATE_WAIT_S = 600.0
PLAY_RETRY_CAP_S = 10.0
PLAY_RETRIES = 2
CLOSE_WAIT_S = 20.0
_CLOSE = "close"

UnavailableCallback = Callable[[SpotifyError], None]
ItemCallback = Callable[[NowPlaying], None]


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
        self._lock = threading.RLock()
        # what the caller asked for (changed on any thread, under the lock)
        self._uri = ""
        self._item = 0  # +1 at every play and stop: which request the state belongs to
        self._epoch = 0  # +1 at every command: a poll that straddles one is stale
        self._last: NowPlaying | None = None
        self._last_at = 0.0
        self._volume = 100
        self._closed = False
        # what the device does (worker thread only)
        self._device_item = 0  # the item Spotify was told to play, 0 for none
        self._device_playing = False
        self._started_at = 0.0
        self._next_poll_at = 0.0
        self._volume_sent: int | None = None
        self._poll_error_kind = ""
        self._retry_item = 0
        self._retry_due: float | None = None
        self._retries = 0
        self._closer: threading.Thread | None = None
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
            raise SpotifyError("The Spotify player is closed", "Playback was requested after shutdown.",
                               kind=SpotifyErrorKind.PLAYER_CLOSED)
        if not uri.startswith("spotify:"):
            raise SpotifyError("Not a Spotify item", f"{uri} is not a spotify: URI; Spotify plays only its own "
                               "tracks, playlists and albums.", kind=SpotifyErrorKind.INVALID_URI)
        with self._lock:
            self._item += 1
            self._epoch += 1
            self._uri, self._last, self._last_at = uri, None, self._clock()
            item = self._item
            self._set_state(PlayerState.PLAYING)
        self._commands.put(("play", item))

    def pause(self) -> None:
        with self._lock:
            if self._state is not PlayerState.PLAYING:
                return
            self._epoch += 1
            self._remember(self._frozen(self._last))
            self._set_state(PlayerState.PAUSED)
        self._commands.put(("pause", None))

    def resume(self) -> None:
        with self._lock:
            if self._state is not PlayerState.PAUSED:
                return
            self._epoch += 1
            if self._last is not None:
                self._remember(replace(self._last, is_playing=True))
            self._set_state(PlayerState.PLAYING)
        self._commands.put(("resume", None))

    def next(self) -> None:
        """Skip to the next track of the context (for a single track: end it)."""
        with self._lock:
            if not self._uri:
                return
            self._epoch += 1
        self._commands.put(("next", None))

    def stop(self) -> None:
        with self._lock:
            self._epoch += 1
            self._drop_item()
            self._set_state(PlayerState.STOPPED)
        self._commands.put(("stop", None))

    def seek(self, position_s: float) -> None:
        with self._lock:
            if not self._uri:
                return
            position_s = max(0.0, position_s)
            self._epoch += 1
            if self._last is not None:
                self._remember(replace(self._last, progress_s=min(position_s, self._last.duration_s)))
        self._commands.put(("seek", position_s))

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
        """Return at once; the worker pauses what Emotune started (one bounded request) and ends."""
        if self._closed:
            return
        self.stop()
        self._closed = True
        self._commands.put((_CLOSE, None))
        if threading.current_thread() is not self._worker:
            self._closer = threading.Thread(target=self._worker.join, args=(CLOSE_WAIT_S,), daemon=False,
                                            name="spotify-player-close")
            self._closer.start()

    def wait_closed(self, timeout_s: float | None = None) -> bool:
        """Wait (off the GUI thread) for the worker that ``close()`` ended; True once it has."""
        closer = self._closer
        if closer is not None:
            closer.join(timeout_s)
        else:
            self._worker.join(timeout_s)
        return not self._worker.is_alive()

    # -- the worker thread -----------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            try:
                command, argument = self._commands.get(timeout=self._wait_s())
            except queue.Empty:
                self._guarded(self._on_time)
                continue
            if command == _CLOSE:
                return
            if self._closed and command != "stop":
                continue  # after close only the last pause matters
            self._guarded(self._run, command, argument)

    def _guarded(self, action: Callable[..., None], *args: Any) -> None:
        try:
            action(*args)
        except Exception:  # a failing subscriber must not end the worker
            log.exception("the Spotify player's worker hit an error")

    def _run(self, command: str, argument: Any) -> None:
        try:
            getattr(self, f"_do_{command}")(argument)
        except SpotifyError as error:
            self._failed(command, argument, error)

    def _on_time(self) -> None:
        now = self._clock()
        if self._retry_due is not None and now >= self._retry_due:
            self._retry_due = None
            self._run("play", self._retry_item)
        elif self._device_item and now >= self._next_poll_at:
            self._poll()
        elif self._device_item and self._state is PlayerState.PLAYING and self._last is not None:
            self._emit_position(self.position(), self.duration())

    def _wait_s(self) -> float | None:
        """Seconds until the next retry, tick or poll; None (wait for a command) when nothing is due."""
        now = self._clock()
        due = [self._retry_due] if self._retry_due is not None else []
        if self._device_item:
            due.append(self._next_poll_at)
            if self._state is PlayerState.PLAYING:
                due.append(now + TICK_S)
        return max(0.0, min(due) - now) if due else None

    def _schedule_poll(self) -> None:
        delay = self._poll_interval_s
        last = self._last
        if last is None:
            delay = MIN_POLL_S  # confirm soon that Spotify started
        elif last.is_playing and last.duration_s > 0:
            remaining = last.duration_s - self.position()
            delay = min(delay, max(MIN_POLL_S, remaining + END_MARGIN_S))
        self._next_poll_at = max(self._next_poll_at, self._clock() + delay)

    def _poll_soon(self) -> None:
        self._next_poll_at = 0.0
        self._schedule_poll()

    def _device(self) -> str | None:
        return self._device_id() or None

    def _current(self, item: int) -> bool:
        """Whether ``item`` is still what the caller wants and what the device was told to play."""
        return item == self._item == self._device_item

    def _do_play(self, item: int) -> None:
        with self._lock:
            if item != self._item:
                return  # replaced or stopped before its turn
            uri = self._uri
        self._client().start_playback(uri, self._device())
        self._device_item, self._device_playing, self._started_at = item, True, self._clock()
        self._retries = 0
        self._poll_soon()
        if self._state is PlayerState.PAUSED and item == self._item:  # paused while the request ran
            self._do_pause(None)

    def _do_pause(self, _: None) -> None:
        if self._device_playing and self._state is PlayerState.PAUSED and self._current(self._item):
            self._client().pause(self._device())
            self._device_playing = False

    def _do_resume(self, _: None) -> None:
        if not self._device_playing and self._state is PlayerState.PLAYING and self._current(self._item):
            self._client().resume(self._device())
            self._device_playing = True

    def _do_next(self, _: None) -> None:
        if self._current(self._item):
            self._client().next_track(self._device())
            self._poll_soon()

    def _do_seek(self, position_s: float) -> None:
        if self._current(self._item):
            self._client().seek(position_s, self._device())
            self._poll_soon()

    def _do_volume(self, _: None) -> None:
        volume = self._volume
        if self._current(self._item) and volume != self._volume_sent:
            self._client().set_volume(volume, self._device())
            self._volume_sent = volume

    def _do_stop(self, _: None) -> None:
        self._retry_due = None
        if self._uri:
            return  # a newer play is queued: it replaces what plays
        was_playing = self._device_playing
        self._device_item, self._device_playing = 0, False
        if was_playing:
            self._client().pause(self._device())

    def _failed(self, command: str, argument: Any, error: SpotifyError) -> None:
        if error.kind == SpotifyErrorKind.RATE_LIMITED:
            wait = min(error.retry_after or MIN_POLL_S, MAX_RATE_WAIT_S)
            self._next_poll_at = max(self._next_poll_at, self._clock() + wait)
            if command == "play" and argument == self._item:
                self._play_rate_limited(argument, wait, error)
                return
        unavailable = error.kind in UNAVAILABLE_KINDS
        if command == "stop" or (command == "volume" and not unavailable):
            log.warning("Spotify %s failed: %s", command, error.short)  # nothing the user can do about it now
            return
        if command == "poll" and not unavailable:
            if error.kind != self._poll_error_kind:  # report an outage once, not at every poll
                self._poll_error_kind = error.kind
                self._emit_error(error)
            return
        if unavailable or (command == "play" and argument == self._item):
            self._give_up()
        self._emit_error(error)
        if unavailable:
            self._tell_unavailable(error)

    def _play_rate_limited(self, item: int, wait: float, error: SpotifyError) -> None:
        """Queue the play again after Spotify's wait, or fall back to local music when that is too long."""
        if wait <= PLAY_RETRY_CAP_S and self._retries < PLAY_RETRIES:
            self._retries += 1
            self._retry_item, self._retry_due = item, self._clock() + wait
            log.info("Spotify rate-limited the play; trying again in %.1f s", wait)
            self._emit_error(SpotifyError(error.short, f"{error.detail} Emotune starts the music in {wait:.0f} s.",
                                          kind=SpotifyErrorKind.RATE_LIMITED, retry_after=wait))
            return
        self._retries = 0
        self._give_up()
        fallback = SpotifyError(error.short, f"{error.detail} Emotune plays your local library meanwhile.",
                                kind=SpotifyErrorKind.RATE_LIMITED, retry_after=error.retry_after)
        self._emit_error(fallback)
        self._tell_unavailable(fallback)

    def _give_up(self) -> None:
        with self._lock:
            self._drop_item()
            self._forget_device()
            self._set_state(PlayerState.ERROR)

    def _tell_unavailable(self, error: SpotifyError) -> None:
        for callback in list(self._unavailable_callbacks):
            callback(error)

    # -- watching Spotify ------------------------------------------------------------------------
    def _poll(self) -> None:
        with self._lock:
            epoch, item = self._epoch, self._item
        try:
            now = self._client().currently_playing()
        except SpotifyError as error:
            self._schedule_poll()
            self._failed("poll", None, error)
            return
        self._poll_error_kind = ""
        finished = ""
        with self._lock:
            if epoch == self._epoch and self._current(item):  # else a command overtook this answer
                finished = self._observe(now)
        if self._device_item:
            self._schedule_poll()
        if finished:
            self._emit_finished(finished)

    def _observe(self, now: NowPlaying | None) -> str:
        """Take in what Spotify reports (under the lock); the URI that finished, if one did."""
        previous = self._last
        ours = now is not None and self._is_ours(now)
        if previous is None:  # Emotune's play not yet seen in Spotify's state
            if ours:
                self._accept(now, previous)
            elif self._clock() - self._started_at > START_GRACE_S:
                self._device_playing = False  # whatever plays there is not Emotune's to pause
                self._give_up()
                self._emit_error(SpotifyError("Spotify did not start playing",
                                              "The device accepted the request but kept playing something else. "
                                              "Try again or choose another device.",
                                              kind=SpotifyErrorKind.NOT_STARTED))
            return ""
        ended = self._ended_by_now(previous)
        if not ours:
            if now is None and not ended:
                self._end(PlayerState.STOPPED)  # stopped in the Spotify app
                return ""
            return self._end(PlayerState.STOPPED)
        if not now.is_playing and now.progress_s < 1.0 and ended:
            return self._end(PlayerState.STOPPED)
        self._accept(now, previous)
        return ""

    def _end(self, state: PlayerState) -> str:
        uri = self._uri
        self._drop_item()
        self._forget_device()
        self._set_state(state)
        return uri

    def _accept(self, now: NowPlaying, previous: NowPlaying | None) -> None:
        self._remember(now)
        self._device_playing = now.is_playing
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

    def _remember(self, now: NowPlaying | None) -> None:
        self._last, self._last_at = now, self._clock()

    def _frozen(self, last: NowPlaying | None) -> NowPlaying | None:
        """``last`` as it stands now, paused."""
        if last is None:
            return None
        return replace(last, is_playing=False, progress_s=self.position())

    def _drop_item(self) -> None:
        """Forget what the caller asked for (under the lock)."""
        self._uri, self._last = "", None
        self._item += 1

    def _forget_device(self) -> None:
        """Stop watching the device (worker thread)."""
        self._device_item, self._device_playing, self._retry_due = 0, False, None
