"""Two decks of one backend, so that a change of track can be a crossfade instead of a cut.

libVLC has no crossfade of its own: the way to blend is two media players and two volume ramps. This
player owns two decks (two ``BasePlayer`` instances of the same backend) and presents them as one
player: the *active* deck is the one whose track, state, position, end and errors the rest of the app
sees; during a crossfade the outgoing deck ramps down on an equal-power curve while the active one
ramps up, and is then stopped. Events of the outgoing deck are not passed on, so its late end or a
stop never reads as the end of the new track.

The ramp advances in ``tick()``. With ``threaded=True`` (the app) a small thread calls it 25 times a
second while a fade runs; with ``threaded=False`` the caller does, on a clock it controls (the follow
benchmark on frame time).
"""
from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from emotune.player.base_player import BasePlayer, OutputDevice, PlayerState

log = logging.getLogger(__name__)

TICK_S = 0.04


@dataclass
class _Fade:
    started: float
    seconds: float
    outgoing: int  # deck index


class CrossfadePlayer(BasePlayer):
    """``decks``: two players of one backend (e.g. two ``VlcPlayer`` on their own libvlc instances)."""

    def __init__(self, decks: tuple[BasePlayer, BasePlayer], clock: Callable[[], float] = time.monotonic,
                 threaded: bool = True) -> None:
        super().__init__()
        self.decks = decks
        self.name = decks[0].name
        self._clock = clock
        self._active = 0
        self._volume = decks[0].volume()
        self._fade: _Fade | None = None
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._closed = False
        for index, deck in enumerate(decks):
            deck.on_state_changed(lambda state, i=index: self._from_deck(i, self._set_state, state))
            deck.on_position_changed(lambda pos, dur, i=index: self._from_deck(i, self._emit_position, pos, dur))
            deck.on_track_finished(lambda uri, i=index: self._from_deck(i, self._emit_finished, uri))
            deck.on_error(lambda error, i=index: self._from_deck(i, self._emit_error, error))
            deck.on_output_failed(lambda error, i=index: self._from_deck(i, self._emit_output_failed, error))
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="crossfade-ramp", daemon=True)
            self._thread.start()

    @property
    def reason(self) -> str:
        """Why playback is silent, when the decks are null players standing in for VLC."""
        return getattr(self.decks[0], "reason", "")

    def _from_deck(self, index: int, emit: Callable, *args) -> None:
        if index == self._active:
            emit(*args)

    @property
    def active(self) -> BasePlayer:
        return self.decks[self._active]

    @property
    def fading(self) -> bool:
        """Whether a blend is under way; False only once the outgoing deck has been stopped."""
        with self._lock:
            return self._fade is not None

    # -- the contract ---------------------------------------------------------
    @property
    def state(self) -> PlayerState:
        return self.active.state

    def play(self, uri: str) -> None:
        """A cut: whatever plays stops, ``uri`` starts at full volume."""
        self.play_from(uri, 0.0)

    def play_from(self, uri: str, start_s: float) -> None:
        with self._lock:
            self._finish_fade()
            self.active.set_volume(self._volume)
            self.active.play_from(uri, start_s)

    def crossfade(self, uri: str, seconds: float) -> None:
        """Start ``uri`` on the other deck and blend into it over ``seconds``; a cut when nothing plays."""
        with self._lock:
            if seconds <= 0 or self.active.state is not PlayerState.PLAYING:
                self.play(uri)
                return
            self._finish_fade()
            outgoing = self._active
            incoming = self.decks[1 - outgoing]
            incoming.set_volume(0)
            self._active = 1 - outgoing  # from here on the app sees the incoming deck
            try:
                incoming.play(uri)
            except Exception:
                self._active = outgoing
                raise
            if incoming.state is not PlayerState.PLAYING:  # it failed at once: the old track goes on
                self._active = outgoing
                self.decks[outgoing].set_volume(self._volume)
                self._set_state(self.active.state)
                return
            self._fade = _Fade(self._clock(), seconds, outgoing)
            self._wake.notify_all()

    def pause(self) -> None:
        with self._lock:
            self._finish_fade()
            self.active.pause()

    def resume(self) -> None:
        with self._lock:
            self.active.resume()

    def stop(self) -> None:
        with self._lock:
            self._finish_fade()
            self.active.stop()

    def seek(self, position_s: float) -> None:
        self.active.seek(position_s)

    def position(self) -> float:
        return self.active.position()

    def duration(self) -> float:
        return self.active.duration()

    def set_volume(self, volume: int) -> None:
        with self._lock:
            self._volume = int(min(max(volume, 0), 100))
            if self._fade is None:
                self.active.set_volume(self._volume)
            else:
                self.tick()

    def volume(self) -> int:
        return self._volume

    def output_devices(self) -> list[OutputDevice]:
        return self.decks[0].output_devices()

    def set_output_device(self, device_id: str) -> None:
        for deck in self.decks:
            deck.set_output_device(device_id)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._fade = None
            self._wake.notify_all()
        if self._thread is not None and threading.current_thread() is not self._thread:
            self._thread.join(timeout=1.0)
        for deck in self.decks:
            deck.close()

    # -- the ramp ---------------------------------------------------------------
    def tick(self) -> None:
        """Move the ramp to the clock's time; ends the fade when it is over."""
        with self._lock:
            fade = self._fade
            if fade is None:
                return
            share = min(1.0, max(0.0, (self._clock() - fade.started) / fade.seconds))
            if share >= 1.0:
                self._finish_fade()
                return
            self.decks[fade.outgoing].set_volume(round(self._volume * math.cos(share * math.pi / 2)))
            self.active.set_volume(round(self._volume * math.sin(share * math.pi / 2)))

    def _finish_fade(self) -> None:
        fade, self._fade = self._fade, None
        if fade is not None:
            self.decks[fade.outgoing].stop()
            self.decks[fade.outgoing].set_volume(self._volume)
            self.active.set_volume(self._volume)

    def _run(self) -> None:
        with self._wake:
            while not self._closed:
                self._wake.wait(timeout=TICK_S if self._fade is not None else None)
                if self._closed:
                    return
                try:
                    self.tick()
                except Exception:
                    log.exception("crossfade ramp failed")
