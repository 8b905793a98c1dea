"""Shared test setup for the whole suite.

* Qt runs offscreen (on a 1920x1080 virtual screen) unless another platform is asked for explicitly
  (e.g. ``QT_QPA_PLATFORM=xcb`` under ``xvfb-run``).
* Every test gets its own ``EMOTUNE_HOME`` so settings, UI state and the library database never touch
  the developer's real files.
* The fake Spotify server, the demo library, a library database, a real window built through the
  composition root (``make_window``) and a happy-then-sad face video are fixtures here, shared by
  tests/spotify, tests/ui and tests/e2e.
* Garbage cycles are collected on the GUI thread only, as in the app (``GuiThreadCollector``).
* An exception that reaches the Qt event loop's excepthook (a slot or a virtual method that raised)
  fails the test that was running, instead of being printed and forgotten.
* ``emotune`` is imported first, so onnxruntime's telemetry is off before any test could import it.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

import emotune  # noqa: F401  (sets ORT_DISABLE_TELEMETRY before anything imports onnxruntime)
from spotify.fake_spotify import FakeSpotify


def _offscreen_with_a_desktop_screen() -> str:
    """The offscreen platform, but with a 1920x1080 screen instead of its default 800x800, so window
    geometry behaves as on a desktop (Qt clamps restored geometry to the screen)."""
    screen = {"name": "OffscreenScreen", "x": 0, "y": 0, "width": 1920, "height": 1080,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    path = os.path.join(tempfile.gettempdir(), "emotune-offscreen-screen.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"synchronousWindowSystemEvents": False, "windowFrameMargins": False, "screens": [screen]}, handle)
    return f"offscreen:configfile={path}"


if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = _offscreen_with_a_desktop_screen()


@pytest.fixture(autouse=True)
def emotune_home(tmp_path, monkeypatch):
    """A private EMOTUNE_HOME for each test (config, data and log dirs live under it)."""
    home = tmp_path / "emotune-home"
    monkeypatch.setenv("EMOTUNE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def root_logging_restored():
    """The root logger as it was before the test: a command run in-process (``cli.main``) installs
    Emotune's stderr handler on the test's captured stream, which pytest closes afterwards; left in
    place, a later test's log line fails with "I/O operation on closed file"."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [handler for handler in root.handlers if handler not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture(scope="session")
def gui_thread_collector(qapp):
    from emotune.ui.gui_thread_collector import GuiThreadCollector

    collector = GuiThreadCollector(parent=qapp)
    collector.start()
    yield collector
    gc.collect()  # the last cycles, here on the GUI thread; as in the app, automatic collection stays
    # off to the end, so no thread still running (libVLC's, a notifier's) can collect a QObject


@pytest.fixture(autouse=True)
def gui_thread_collection(gui_thread_collector):
    """The app's collection regime for every test: a cycle holding a QObject (a bridge and its player)
    is collected by the collector's timer while an event loop runs, or here after the test, never on a
    player's or the camera's thread, where deleting a QObject that has a timer crashes the process
    later: one way the suite segfaulted (an occasional crash in the VLC e2e tests is not explained yet)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from emotune.ui.gui_thread_collector import collect_due

    yield
    # pytest-qt closes the test's widgets and calls deleteLater(); with no event loop running that
    # deletion would wait for the next test's first one, and a crash in a window's destructor (its
    # services closed by then) would be reported against that next test. Deleted here instead.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    collect_due()


def pytest_collection_modifyitems(config, items):
    # pytest-qt has its own capture; ours below is the single place that decides, so theirs is turned off.
    for item in items:
        item.add_marker(pytest.mark.qt_no_exception_capture)


SKIPPABLE_IN_CI = "training needs the [train] extra"
"""Under CI=true every part is there (../shared, libVLC, dbus), so a test skipped for a missing one fails
the run; only the training extras, which the test command does not install, may be missing."""
_skipped_in_ci: list[str] = []


def pytest_runtest_logreport(report):
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if SKIPPABLE_IN_CI not in reason:
            _skipped_in_ci.append(f"{report.nodeid}: {reason}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _skipped_in_ci and not hasattr(session.config, "workerinput") and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _skipped_in_ci:
        terminalreporter.write_line("CI=true: tests were skipped for a missing part, which CI must have:", red=True)
        for line in _skipped_in_ci:
            terminalreporter.write_line(f"  {line}", red=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test if any exception reached sys.excepthook while it ran (Qt slots, virtual methods)."""
    caught: list[str] = []
    previous = sys.excepthook

    def record(exc_type, exc_value, exc_tb):
        caught.append("".join(traceback.format_exception(exc_type, exc_value, exc_tb)))

    sys.excepthook = record
    try:
        result = yield
    finally:
        sys.excepthook = previous
    if caught:
        pytest.fail("An exception reached the Qt event loop during the test:\n\n" + "\n".join(caught), pytrace=False)
    return result


@pytest.fixture(scope="session")
def happy_then_sad_video(tmp_path_factory):
    """A 15 fps webcam-like video of one "listener": happy for 8 s, then sad for 14 s.

    Real FER2013 PublicTest faces (the ones the shipped model reads most confidently as happy or as
    sad, and YuNet finds), swapped every half second on one fixed background, pasted with the
    perception tests' generator. Returns (path, happy_s, sad_s).
    """
    path = _listener_video(tmp_path_factory, "happy_then_sad.avi", [("happy", 8.0), ("sad", 14.0)])
    return path, 8.0, 14.0


@pytest.fixture(scope="session")
def blip_then_held_video(tmp_path_factory):
    """Happy 10 s, a 2 s sad blip, happy 8 s, then sad held for 16 s. Returns (path, segments)."""
    segments = [("happy", 10.0), ("sad", 2.0), ("happy", 8.0), ("sad", 16.0)]
    return _listener_video(tmp_path_factory, "blip_then_held.avi", segments), segments


def _listener_video(tmp_path_factory, name: str, segments: list[tuple[str, float]]) -> Path:
    import numpy as np

    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.inference.face_detector import YuNetDetector
    from emotune.mood_space import EMOTIONS
    from tools.face_video import FER_CSV, paste_face, read_fer_faces, textured_background, write_video

    if not FER_CSV.exists():
        pytest.skip(f"FER2013 is not at {FER_CSV} (../shared beside the repository)")
    faces = read_fer_faces("PublicTest", limit=900)
    probabilities = EmotionClassifier().predict([face.pixels for face in faces])
    detector = YuNetDetector()
    rng = np.random.default_rng(7)
    background = textured_background(rng)

    def clearest(emotion: str, count: int = 3) -> list:
        column = EMOTIONS.index(emotion)
        ranked = sorted((i for i, face in enumerate(faces) if face.label == column),
                        key=lambda i: -probabilities[i, column])
        chosen = [faces[i].pixels for i in ranked
                  if detector.detect(paste_face(background, faces[i].pixels, 220, (320, 240)).frame)]
        return chosen[:count]

    pools = {emotion: clearest(emotion) for emotion in {emotion for emotion, _ in segments}}
    fps = 15.0
    ends = np.cumsum([seconds for _, seconds in segments])

    def frames():
        for i in range(int(ends[-1] * fps)):
            t = i / fps
            pool = pools[segments[int(np.searchsorted(ends, t, side="right"))][0]]
            face = pool[int(t / 0.5) % len(pool)]
            centre = (int(320 + 10 * np.sin(t * 0.7)), int(240 + 6 * np.sin(t * 1.1)))
            yield paste_face(background, face, 220, centre).frame

    return write_video(tmp_path_factory.mktemp("mood-video") / name, frames(), fps)


# -- the real app's pieces, for the window (tests/ui) and end-to-end (tests/e2e) tests ------------
REPO = Path(__file__).resolve().parents[1]  # tests/conftest.py: the checkout
CACHE = REPO / ".cache" / "test-demo-library"
DEMO_SECONDS = 6.0


def _generator_key() -> str:
    from emotune.library import audio_writer, demo_library, synth

    digest = hashlib.sha256(str(DEMO_SECONDS).encode())
    for module in (demo_library, synth, audio_writer):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture
def fake() -> Iterator[FakeSpotify]:
    """The project's fake Spotify Web API on a loopback port, for tests/spotify and the Spotify UI."""
    server = FakeSpotify().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_library_source() -> Path:
    """The 15-track demo library (3 per mood, short pieces), generated once per generator version."""
    from emotune.library.demo_library import generate_demo_library

    folder = CACHE / _generator_key()
    if not (folder / "done").exists():  # made aside and renamed into place: xdist workers may race here
        CACHE.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=CACHE, prefix=".making-"))
        generate_demo_library(staging, seconds=DEMO_SECONDS)
        (staging / "done").write_text("ok")
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)  # what an interrupted run left
        try:
            staging.rename(folder)
        except OSError:  # another worker's copy came first
            shutil.rmtree(staging, ignore_errors=True)
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
def themed_app(qapp):
    """The look run_app gives the application, taken off again for the tests that follow."""
    from emotune.ui.palette import SCHEME_PROPERTY
    from emotune.ui.theme import apply_theme

    style, palette, font = qapp.style().name(), qapp.palette(), qapp.font()
    apply_theme(qapp)
    yield qapp
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setProperty(SCHEME_PROPERTY, None)


@pytest.fixture
def make_window(qtbot):
    """Build the real window through ``build_services``; keyword arguments go to build_services.

    Defaults for tests: two silent NullPlayer decks crossfading as in the app, a synchronous task runner, no camera, no Spotify, and
    perception only when asked for (``with_perception=True``). ``folders`` become the library folders.
    """
    from emotune.app import build_services
    from emotune.paths import config_dir
    from emotune.player.crossfade_player import CrossfadePlayer
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
        kwargs.setdefault("player", CrossfadePlayer((NullPlayer(), NullPlayer())))
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
