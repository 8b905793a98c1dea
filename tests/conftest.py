"""Shared test setup for the whole suite.

* Qt runs offscreen (on a 1920x1080 virtual screen) unless another platform is asked for explicitly
  (e.g. ``QT_QPA_PLATFORM=xcb`` under ``xvfb-run``).
* Every test gets its own ``EMOTUNE_HOME`` so settings, UI state and the library database never touch
  the developer's real files.
* An exception that reaches the Qt event loop's excepthook (a slot or a virtual method that raised)
  fails the test that was running, instead of being printed and forgotten.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback

import pytest


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


def pytest_collection_modifyitems(config, items):
    # pytest-qt has its own capture; ours below is the single place that decides, so theirs is turned off.
    for item in items:
        item.add_marker(pytest.mark.qt_no_exception_capture)


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
