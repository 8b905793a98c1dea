"""The real ``emotune`` command and the desktop's session bus: with one, the app owns the MPRIS name
and the desktop's Quit ends it cleanly; without one, it starts, says so in one log line, and runs."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from emotune.player.mpris_metadata import BUS_NAME, OBJECT_PATH, ROOT_INTERFACE
from tools.session_bus import DesktopSide, missing_tools, start_session_bus

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"{', '.join(missing_tools())} not installed "
                                                               "(apt package dbus; scripts/setup.sh test installs it)")


def poll(predicate: Callable[[], bool], timeout: int = 60000) -> None:
    """Wait for another process (the app): nothing in this one needs an event loop."""
    deadline = time.monotonic() + timeout / 1000
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def start_app(home: Path, bus_address: str | None) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "DBUS_SESSION_BUS_ADDRESS"}
    env["EMOTUNE_HOME"] = str(home)
    if bus_address is not None:
        env["DBUS_SESSION_BUS_ADDRESS"] = bus_address
    return subprocess.Popen([sys.executable, "-m", "emotune", "--no-camera"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def apps():
    started: list[subprocess.Popen] = []
    yield lambda home, address: started.append(start_app(home, address)) or started[-1]
    for app in started:
        if app.poll() is None:
            app.kill()
            app.wait()


def test_the_app_owns_the_mpris_name_and_quits_when_the_desktop_asks(tmp_path, apps):
    daemon, address = start_session_bus(tmp_path)
    try:
        app = apps(tmp_path / "home", address)
        side = DesktopSide(address, poll)
        poll(lambda: side.name_has_owner(BUS_NAME))
        assert side.get(BUS_NAME, OBJECT_PATH, ROOT_INTERFACE, "Identity") == "Emotune"
        side.send(BUS_NAME, OBJECT_PATH, f"{ROOT_INTERFACE}.Quit")
        assert app.wait(timeout=60) == 0
        assert not side.name_has_owner(BUS_NAME)
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


def test_without_a_session_bus_the_app_runs_and_logs_one_line(tmp_path, apps):
    home = tmp_path / "home"
    app = apps(home, None)
    log = home / "state" / "logs" / "emotune.log"
    poll(lambda: log.exists() and "desktop_integration" in log.read_text(encoding="utf-8"))
    time.sleep(1.0)
    assert app.poll() is None  # still running
    app.terminate()  # closes the window as its close button would
    assert app.wait(timeout=60) == 0
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if "D-Bus" in line or "dbus" in line]
    assert len(lines) == 1 and " INFO emotune.ui.desktop_integration: " in lines[0], lines
