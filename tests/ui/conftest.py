"""Fixtures for the window tests: the demo library (generated once and cached by its generator's
source), a real library database, and a window built through the composition root."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "test-demo-library"
DEMO_SECONDS = 6.0


def _generator_key() -> str:
    from emotune.library import audio_writer, demo_library, synth

    digest = hashlib.sha256(str(DEMO_SECONDS).encode())
    for module in (demo_library, synth, audio_writer):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def demo_library_source() -> Path:
    """The 15-track demo library (3 per mood, short pieces), generated once per generator version."""
    from emotune.library.demo_library import generate_demo_library

    folder = CACHE / _generator_key()
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_demo_library(folder, seconds=DEMO_SECONDS)
        (folder / "done").write_text("ok")
    return folder


@pytest.fixture
def demo_library(demo_library_source, tmp_path) -> Path:
    """A private copy, so a test may add, break or remove files."""
    target = tmp_path / "demo"
    shutil.copytree(demo_library_source, target, ignore=shutil.ignore_patterns("done"))
    return target


@pytest.fixture
def database(tmp_path):
    from emotune.library.database import LibraryDatabase

    db = LibraryDatabase(tmp_path / "library.sqlite3")
    yield db
    db.close()
