"""Fixtures for the player tests: short real audio files (generated once per session), a recorder of
a player's callbacks, and a bounded wait."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from emotune.library.audio_writer import write_audio
from emotune.player.base_player import BasePlayer, PlayerState

RATE = 44100
TONE_HZ = 440.0


def _write_tone(path: Path, seconds: float) -> Path:
    t = np.arange(int(seconds * RATE)) / RATE
    mono = 0.4 * np.sin(2 * np.pi * TONE_HZ * t)
    write_audio(path, np.stack([mono, mono]), RATE)
    return path


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("player-media")


@pytest.fixture(scope="session")
def tone_wav(media_dir: Path) -> Path:
    """A 4 s WAV tone: long enough that libvlc (which with a dummy output decodes about 1 s ahead and
    reports its time in steps of ~0.25 s for PCM) is still playing while a test pauses and seeks."""
    return _write_tone(media_dir / "tone.wav", 4.0)


@pytest.fixture(scope="session")
def short_ogg(media_dir: Path) -> Path:
    """A 1.5 s 440 Hz Ogg Vorbis tone."""
    return _write_tone(media_dir / "short.ogg", 1.5)


@pytest.fixture(scope="session")
def not_audio(media_dir: Path) -> Path:
    path = media_dir / "not-audio.ogg"
    path.write_text("a text file with an audio file's name\n" * 40)
    return path


WAIT_TIMEOUT_S = 8.0
WaitFor = Callable[..., None]


def _wait_for(condition: Callable[[], object], timeout: float = WAIT_TIMEOUT_S) -> None:
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
        player.on_state_changed(lambda state: self._add(self.states, state))
        player.on_position_changed(lambda position, duration: self._add(self.positions, (position, duration)))
        player.on_track_finished(lambda uri: self._add(self.finished, uri))
        player.on_error(lambda error: self._add(self.errors, error))

    def _add(self, target: list, item: object) -> None:
        with self._lock:
            target.append(item)


@pytest.fixture
def wait_for() -> WaitFor:
    return _wait_for


@pytest.fixture
def record() -> Callable[[BasePlayer], Recorder]:
    return Recorder


@pytest.fixture(scope="session")
def tone_hz() -> float:
    return TONE_HZ
