"""Re-posts a player's callbacks, which may come from backend threads, as Qt signals on the GUI thread.

Position reports are throttled: the backend's latest ``(position, duration)`` is kept and a GUI-thread
timer publishes it at most every ``position_interval_ms`` (300 ms by default), so a backend that reports
every few milliseconds never floods the event loop or the widgets.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from emotune.player.base_player import BasePlayer, PlayerState


class PlayerBridge(QObject):
    state_changed = Signal(object)  # PlayerState
    position_changed = Signal(float, float)  # position_s, duration_s (throttled)
    track_finished = Signal(str)  # uri
    error_occurred = Signal(object)  # EmotuneError
    output_failed = Signal(object)  # PlayerError: no sound output works

    # emitted from backend threads; Qt queues them to this object's (the GUI) thread
    _state_posted = Signal(object)
    _finished_posted = Signal(str)
    _error_posted = Signal(object)
    _output_failed_posted = Signal(object)

    def __init__(self, player: BasePlayer, position_interval_ms: int = 300, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self._latest_position: tuple[float, float] | None = None
        # Always queued, even when the player calls back on the GUI thread: backends announce state
        # under their own lock, and a slot must never run (or call back into the player) inside it.
        queued = Qt.ConnectionType.QueuedConnection
        self._state_posted.connect(self._publish_state, queued)
        self._finished_posted.connect(self.track_finished, queued)
        self._error_posted.connect(self.error_occurred, queued)
        self._output_failed_posted.connect(self.output_failed, queued)
        player.on_state_changed(self._state_posted.emit)
        player.on_track_finished(self._finished_posted.emit)
        player.on_error(self._error_posted.emit)
        player.on_output_failed(self._output_failed_posted.emit)
        player.on_position_changed(self._store_position)
        self._position_timer = QTimer(self)
        self._position_timer.setInterval(position_interval_ms)
        self._position_timer.timeout.connect(self.flush_position)
        self._position_timer.start()

    def _store_position(self, position_s: float, duration_s: float) -> None:
        # Any thread: one tuple assignment, published by the timer on the GUI thread.
        self._latest_position = (position_s, duration_s)

    def flush_position(self) -> None:
        """Publish the latest position now if one arrived since the last publication."""
        latest, self._latest_position = self._latest_position, None
        if latest is not None:
            self.position_changed.emit(*latest)

    def _publish_state(self, state: PlayerState) -> None:
        if state is not PlayerState.PLAYING:
            self.flush_position()
        self.state_changed.emit(state)

    def stop_updates(self) -> None:
        self._position_timer.stop()
