"""Fixtures for the mood tests: real encoded files of synthesised signals."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from mood_signals import encode


@pytest.fixture
def write_clip(tmp_path: Path) -> Callable[[str, np.ndarray], Path]:
    """write_clip("name.flac", samples) encodes mono samples at RATE into a real file under tmp_path."""

    def write(name: str, samples: np.ndarray) -> Path:
        return encode(tmp_path / name, samples)

    return write
