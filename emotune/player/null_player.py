"""A player that plays nothing aloud but keeps time like a real one.

It implements the whole contract against a clock, so a track "finishes" after its duration and the
rest of the app (queue, mood switching, UI) behaves as with sound. It serves the tests, and stands in
for VLC when libvlc is missing (``reason`` then says why, for the UI to show).

With ``threaded=False`` there is no clock thread: the owner calls ``poll()`` after moving its clock,
which is how the follow benchmark runs a quarter of an hour of listening in seconds, on frame time.

State changes are made and announced under one lock so that a track ending on the clock thread can
never overwrite the state of a play() that raced it; subscribers must therefore not block.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import mutagen

from emotune.errors import PlayerError
from emotune.player.base_player import BasePlayer, PlayerState

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.3


class NullPlayer(BasePlayer):
    """Silent playback; durations come from ``durations``, else the file's tags, else ``default_duration``."""

    name = "null"

    def __init__(
        self,
        durations: dict[str, float] | None = None,
        default_duration: float = 180.0,
        reason: str = "",
        clock: Callable[[], float] = time.monotonic,
        threaded: bool = True,
    ) -> None:
        super().__init__()
        self.reason = reason
        self._durations = dict(durations or {})
        self._default_duration = default_duration
        self._clock = clock
        self._threaded = threaded
        self._uri = ""
        self._duration = 0.0
        self._started_at = 0.0  # clock time at which position 0 was (or would have been) played
        self._paused_position = 0.0
        self._volume = 100
        self._generation = 0
        self._closed = False
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None

    def twin(self) -> "NullPlayer":
        return NullPlayer(self._durations, self._default_duration, self.reason, self._clock, self._threaded)

    def _track_duration(self, uri: str) -> float | None:
        """The length to pretend to play, or None for a local file that is not readable audio."""
        if uri in self._durations:
            return self._durations[uri]
        if "://" in uri:
            return self._default_duration
        if not Path(uri).is_file():
            raise PlayerError("File not found", f"{uri} does not exist or is not a file; rescan the library.")
        try:
            audio = mutagen.File(uri)
        except (mutagen.MutagenError, OSError) as error:
            log.debug("cannot read %s: %s", uri, error)
            return None
        if audio is None:
            return None
        length = float(getattr(audio.info, "length", 0.0) or 0.0)
        return length if length > 0 else self._default_duration

    # -- the clock thread -----------------------------------------------------
    def _ensure_worker(self) -> None:
        if self._worker is None and self._threaded:
            self._worker = threading.Thread(target=self._work, name="null-player-clock", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._wake:
                if self._closed:
                    return
                remaining = self._duration - self.position() if self._state is PlayerState.PLAYING else POLL_INTERVAL_S
                self._wake.wait(timeout=min(max(remaining, 0.0), POLL_INTERVAL_S))
                if self._closed:
                    return
                if self._state is not PlayerState.PLAYING:
                    continue
                generation, uri, position = self._generation, self._uri, self.position()
            try:
                if position >= self._duration:
                    self._finish(generation, uri)
                else:
                    self._emit_position(position, self._duration)
            except Exception:  # a failing subscriber must not stop the clock
                log.exception("a player callback failed")

    def poll(self) -> None:
        """Announce what the clock says now: the track's end once its duration has passed."""
        with self._wake:
            if self._state is not PlayerState.PLAYING or self.position() < self._duration:
                return
            generation, uri = self._generation, self._uri
        self._finish(generation, uri)

    def _finish(self, generation: int, uri: str) -> None:
        with self._wake:
            if generation != self._generation or self._state is not PlayerState.PLAYING:
                return  # replaced or stopped while we were deciding
            self._generation += 1
            self._set_state(PlayerState.STOPPED)
        self._emit_finished(uri)

    # -- the contract -----------------------------------------------------------
    def play(self, uri: str) -> None:
        if self._closed:
            raise PlayerError("The player is closed", "Playback was requested after the player was shut down.")
        duration = self._track_duration(uri)
        with self._wake:
            self._generation += 1
            if duration is None:  # like VLC: the call succeeds, then the player reports the failure
                self._uri, self._duration = uri, 0.0
                self._set_state(PlayerState.ERROR)
                error = PlayerError("Cannot play this track", f"{uri} is not readable audio; the file may be damaged.")
                self._emit_error(error)
                return
            self._uri, self._duration = uri, duration
            self._started_at = self._clock()
            self._ensure_worker()
            self._wake.notify_all()
            self._set_state(PlayerState.PLAYING)

    def pause(self) -> None:
        with self._wake:
            if self._state is not PlayerState.PLAYING:
                return
            self._paused_position = self.position()
            self._set_state(PlayerState.PAUSED)

    def resume(self) -> None:
        with self._wake:
            if self._state is not PlayerState.PAUSED:
                return
            self._started_at = self._clock() - self._paused_position
            self._wake.notify_all()
            self._set_state(PlayerState.PLAYING)

    def stop(self) -> None:
        with self._wake:
            self._generation += 1
            self._wake.notify_all()
            self._set_state(PlayerState.STOPPED)

    def seek(self, position_s: float) -> None:
        with self._wake:
            position_s = min(max(position_s, 0.0), self._duration)
            if self._state is PlayerState.PLAYING:
                self._started_at = self._clock() - position_s
            elif self._state is PlayerState.PAUSED:
                self._paused_position = position_s
            self._wake.notify_all()

    def position(self) -> float:
        if self._state is PlayerState.PLAYING:
            return min(self._clock() - self._started_at, self._duration)
        if self._state is PlayerState.PAUSED:
            return self._paused_position
        return 0.0

    def duration(self) -> float:
        return self._duration if self._state in (PlayerState.PLAYING, PlayerState.PAUSED) else 0.0

    def set_volume(self, volume: int) -> None:
        self._volume = int(min(max(volume, 0), 100))

    def volume(self) -> int:
        return self._volume

    def close(self) -> None:
        self.stop()
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        if self._worker is not None and threading.current_thread() is not self._worker:
            self._worker.join(timeout=5.0)
