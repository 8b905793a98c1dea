"""Shared test setup for the whole suite.

* Qt runs offscreen unless a display is asked for explicitly (screenshot runs under ``xvfb-run`` set
  ``QT_QPA_PLATFORM=xcb`` themselves).
* Every test gets its own ``EMOTUNE_HOME`` so settings, UI state and the library database never touch
  the developer's real files.
* An exception that reaches the Qt event loop's excepthook (a slot or a virtual method that raised)
  fails the test that was running, instead of being printed and forgotten.
"""
from __future__ import annotations

import os
import sys
import traceback

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
