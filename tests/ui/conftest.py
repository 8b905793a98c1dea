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


@pytest.fixture
def make_window(qtbot):
    """Build the real window through ``build_services``; keyword arguments go to build_services.

    Defaults for tests: the silent NullPlayer, a synchronous task runner, no camera, no Spotify, and
    perception only when asked for (``with_perception=True``). ``folders`` become the library folders.
    """
    from emotune.app import build_services
    from emotune.paths import config_dir
    from emotune.player.null_player import NullPlayer
    from emotune.settings import Settings, UiState
    from emotune.ui.main_window import MainWindow
    from emotune.ui.task_runner import SyncTaskRunner

    built = []

    def make(folders=(), settings_values=None, wait_for_tracks=True, **kwargs):
        settings = Settings(config_dir() / "settings.json")
        ui_state = UiState(config_dir() / "ui_state.json")
        if folders:
            settings.set("library_folders", [str(folder) for folder in folders])
        for name, value in (settings_values or {}).items():
            settings.set(name, value)
        kwargs.setdefault("player", NullPlayer())
        kwargs.setdefault("runner", SyncTaskRunner())
        kwargs.setdefault("with_perception", False)
        kwargs.setdefault("with_spotify", False)
        kwargs.setdefault("start_camera", False)
        services = build_services(settings, ui_state, **kwargs)
        window = MainWindow(services)
        qtbot.addWidget(window)
        built.append((window, services))
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.started, timeout=20000)
        if folders and wait_for_tracks:
            qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=20000)
        return window

    yield make
    for window, services in built:
        if window.isVisible():
            window.close()
        services.close()
