"""Fixtures for the player tests: short real audio files (generated once per session), a recorder of
a player's callbacks, and a bounded wait."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from emotune.library.audio_writer import write_audio
from emotune.player.base_player import BasePlayer
from tests.tools.player_events import Recorder
from tests.tools.player_events import wait_for as wait_for_condition

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


WaitFor = Callable[..., None]


@pytest.fixture
def wait_for() -> WaitFor:
    return wait_for_condition


@pytest.fixture
def record() -> Callable[[BasePlayer], Recorder]:
    return Recorder


@pytest.fixture(scope="session")
def tone_hz() -> float:
    return TONE_HZ
