"""Fixtures for the library tests: a fresh database and a factory of small, real, tagged audio files."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from emotune.library.audio_writer import solid_png, write_audio, write_tags
from emotune.library.database import LibraryDatabase

RATE = 22050
MakeAudio = Callable[..., Path]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[LibraryDatabase]:
    database = LibraryDatabase(tmp_path / "library.sqlite3")
    yield database
    database.close()


def tone(seconds: float, frequency: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    mono = 0.3 * np.sin(2 * np.pi * frequency * t)
    return np.stack([mono, mono])


@pytest.fixture
def make_audio() -> MakeAudio:
    """make_audio(path, seconds=0.5, cover=False, **tags) writes a real encoded file (format from the suffix)."""

    def make(path: Path, seconds: float = 0.5, cover: bool = False, **tags: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_audio(path, tone(seconds), RATE)
        if tags or cover:
            write_tags(path, tags, solid_png((10, 200, 30)) if cover else None)
        return path

    return make
