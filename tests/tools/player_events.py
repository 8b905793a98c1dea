"""Waiting on, and recording, what a player reports from its backend threads (shared by player suites)."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from emotune.player.base_player import BasePlayer, PlayerState

WAIT_TIMEOUT_S = 8.0


def wait_for(condition: Callable[[], object], timeout: float = WAIT_TIMEOUT_S) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds instead of hanging."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.02)


class Recorder:
    """Collects a player's callbacks, which arrive on backend threads."""

    def __init__(self, player: BasePlayer) -> None:
        self._lock = threading.Lock()
        self.states: list[PlayerState] = []
        self.positions: list[tuple[float, float]] = []
        self.finished: list[str] = []
        self.errors: list[Exception] = []
        self.output_failures: list[Exception] = []
        player.on_state_changed(lambda state: self._add(self.states, state))
        player.on_position_changed(lambda position, duration: self._add(self.positions, (position, duration)))
        player.on_track_finished(lambda uri: self._add(self.finished, uri))
        player.on_error(lambda error: self._add(self.errors, error))
        player.on_output_failed(lambda error: self._add(self.output_failures, error))

    def _add(self, target: list, item: object) -> None:
        with self._lock:
            target.append(item)
