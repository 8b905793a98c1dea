"""The audio player contract shared by every backend (VLC, null, Spotify).

A player plays one path or URI at a time and knows nothing of moods, queues or libraries. It reports
what happens through plain callbacks, which backends may call from their own threads; the Qt layer
re-posts them onto the GUI thread (see ``emotune.ui.player_bridge``).
"""
from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass


class PlayerState(enum.Enum):
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
    ERROR = "error"


StateCallback = Callable[[PlayerState], None]
PositionCallback = Callable[[float, float], None]  # (position_s, duration_s)
FinishedCallback = Callable[[str], None]  # the uri that finished
ErrorCallback = Callable[[Exception], None]  # an EmotuneError subclass
OutputFailedCallback = Callable[[Exception], None]  # a PlayerError: no sound comes out, the track goes on


@dataclass(frozen=True)
class OutputDevice:
    """A sound output a backend can play to; ``id`` is what ``set_output_device`` takes."""

    id: str
    description: str


class BasePlayer(ABC):
    """Plays one media item; subclasses call the ``_emit_*`` helpers when things happen."""

    name: str = "base"

    def __init__(self) -> None:
        self._state_callbacks: list[StateCallback] = []
        self._position_callbacks: list[PositionCallback] = []
        self._finished_callbacks: list[FinishedCallback] = []
        self._error_callbacks: list[ErrorCallback] = []
        self._output_failed_callbacks: list[OutputFailedCallback] = []
        self._state = PlayerState.STOPPED

    # -- subscriptions -------------------------------------------------
    def on_state_changed(self, callback: StateCallback) -> None:
        self._state_callbacks.append(callback)

    def on_position_changed(self, callback: PositionCallback) -> None:
        self._position_callbacks.append(callback)

    def on_track_finished(self, callback: FinishedCallback) -> None:
        self._finished_callbacks.append(callback)

    def on_error(self, callback: ErrorCallback) -> None:
        self._error_callbacks.append(callback)

    def on_output_failed(self, callback: OutputFailedCallback) -> None:
        """Called once when no sound output works: not a track's fault, so the queue goes on."""
        self._output_failed_callbacks.append(callback)

    # -- the contract --------------------------------------------------
    @property
    def state(self) -> PlayerState:
        return self._state

    @abstractmethod
    def play(self, uri: str) -> None:
        """Start playing ``uri`` (a file path or a backend URI) from the beginning."""

    def play_from(self, uri: str, start_s: float) -> None:
        """Start ``uri`` at ``start_s`` seconds (a track resumed where it was left). This default
        seeks once playback has started; backends that can open media at a time do so."""
        self.play(uri)
        if start_s > 0:
            self.seek(start_s)

    def twin(self) -> "BasePlayer":
        """Another player of this backend with the same settings, sharing what it can: the other deck
        of a crossfade. Backends that play on one remote device (Spotify) have none."""
        raise NotImplementedError(f"the {self.name} player has no twin")

    def crossfade(self, uri: str, seconds: float) -> None:
        """Start ``uri`` while blending out what plays over ``seconds``. A backend that cannot overlap
        two items (Spotify plays on one device) cuts, which is this default."""
        self.play(uri)

    @abstractmethod
    def pause(self) -> None:
        """Pause if playing; no-op otherwise."""

    @abstractmethod
    def resume(self) -> None:
        """Resume if paused; no-op otherwise."""

    @abstractmethod
    def stop(self) -> None:
        """Stop and forget the current item."""

    @abstractmethod
    def seek(self, position_s: float) -> None:
        """Jump to ``position_s`` seconds in the current item."""

    @abstractmethod
    def position(self) -> float:
        """Seconds into the current item (0 when stopped)."""

    @abstractmethod
    def duration(self) -> float:
        """Length of the current item in seconds (0 when unknown)."""

    @abstractmethod
    def set_volume(self, volume: int) -> None:
        """Volume 0..100."""

    @abstractmethod
    def volume(self) -> int:
        """Current volume 0..100."""

    def output_devices(self) -> list[OutputDevice]:
        """The sound outputs to choose from; none where the backend has no choice (silent, Spotify)."""
        return []

    def set_output_device(self, device_id: str) -> None:
        """Play to ``device_id``, one of ``output_devices`` ("" for the system's default); a backend
        without a choice ignores it."""

    def close(self) -> None:
        """Release backend resources; the player is unusable afterwards."""
        self.stop()

    # -- for subclasses ------------------------------------------------
    def _set_state(self, state: PlayerState) -> None:
        if state is self._state:
            return
        self._state = state
        for callback in list(self._state_callbacks):
            callback(state)

    def _emit_position(self, position_s: float, duration_s: float) -> None:
        for callback in list(self._position_callbacks):
            callback(position_s, duration_s)

    def _emit_finished(self, uri: str) -> None:
        for callback in list(self._finished_callbacks):
            callback(uri)

    def _emit_error(self, error: Exception) -> None:
        for callback in list(self._error_callbacks):
            callback(error)

    def _emit_output_failed(self, error: Exception) -> None:
        for callback in list(self._output_failed_callbacks):
            callback(error)
