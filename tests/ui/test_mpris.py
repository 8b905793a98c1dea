"""MPRIS and track notifications against a real ``dbus-daemon`` that each test starts.

The window is the real one with two NullPlayer decks. The desktop's side is ``dbus-send`` and
``dbus-monitor``, as desktop tools call and listen; the notification server is a small real service
in another process.
"""
from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from emotune.player.base_player import PlayerState
from emotune.player.mpris_metadata import (BUS_NAME, NO_TRACK, OBJECT_PATH, PLAYER_INTERFACE, ROOT_INTERFACE,
                                           microseconds, track_id)
from emotune.ui.desktop_integration import DesktopIntegration
from emotune.ui.settings_dialog import SettingsDialog
from tools.session_bus import DesktopSide, missing_tools, start_session_bus
from ui.test_spotify_source import spotify_window  # noqa: F401  (a fixture: the window on the fake Spotify)

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"{', '.join(missing_tools())} not installed "
                                                               "(apt package dbus; scripts/setup.sh test installs it)")
FAKE_SERVER = Path(__file__).with_name("fake_notification_server.py")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8ffbf1e0005fe02fea7d6a4b20000000049454e44ae426082")
WATCH = f"type='signal',path='{OBJECT_PATH}'"


@pytest.fixture
def bus(tmp_path):
    process, address = start_session_bus(tmp_path)
    yield address
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def side(bus, qtbot):
    side = DesktopSide(bus, qtbot.waitUntil)
    yield side
    side.close()


@pytest.fixture
def desktop(make_window, demo_library, bus):
    """The real window on the demo library, with its desktop integration on the test bus."""
    started = []

    def start(**settings_values):
        window = make_window(folders=[demo_library], settings_values=settings_values)
        integration = DesktopIntegration.start(bus, router=window.router, playback=window.playback,
                                               volume=window.player_bar.volume, window=window,
                                               settings=window.settings)
        assert integration is not None
        started.append(integration)
        return window

    yield start
    for integration in started:
        integration.close()


@pytest.fixture
def notifications(bus, side, tmp_path, qtbot):
    """A fake notification server on the bus; returns a function that reads what it was sent."""
    output = tmp_path / "notifications.jsonl"
    output.touch()
    server = subprocess.Popen([sys.executable, str(FAKE_SERVER), bus, str(output)])
    qtbot.waitUntil(lambda: side.name_has_owner("org.freedesktop.Notifications"), timeout=20000)
    read = lambda: [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]  # noqa: E731
    read.server = server
    yield read
    server.send_signal(signal.SIGCONT)
    server.terminate()
    server.wait(timeout=10)


def player(side: DesktopSide, method: str, *arguments: str) -> None:
    side.send(BUS_NAME, OBJECT_PATH, f"{PLAYER_INTERFACE}.{method}", *arguments)


def prop(side: DesktopSide, name: str, interface: str = PLAYER_INTERFACE):
    return side.get(BUS_NAME, OBJECT_PATH, interface, name)


def changed(side: DesktopSide, monitor: Path) -> list[dict]:
    """The changed properties of every PropertiesChanged of the Player seen so far, in order."""
    return [arguments[1] for arguments in side.signals(monitor, "PropertiesChanged")
            if len(arguments) == 3 and arguments[0] == PLAYER_INTERFACE]


def test_owns_the_mpris_name_with_the_root_interface(desktop, side):
    desktop()
    assert side.name_has_owner(BUS_NAME)
    root = side.get_all(BUS_NAME, OBJECT_PATH, ROOT_INTERFACE)
    assert root["Identity"] == "Emotune" and root["DesktopEntry"] == "emotune"
    assert root["CanRaise"] is True and root["CanQuit"] is True and root["HasTrackList"] is False
    assert root["SupportedUriSchemes"] == ["file"] and "audio/flac" in root["SupportedMimeTypes"]
    xml = side.send(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Introspectable.Introspect")
    assert '<property name="Position" type="x" access="read"/>' in xml
    assert '<property name="Volume" type="d" access="readwrite"/>' in xml
    assert '<property name="Metadata" type="a{sv}" access="read">' in xml
    for method in ("Play", "Pause", "PlayPause", "Stop", "Next", "Previous", "Seek", "SetPosition", "Raise",
                   "Quit"):
        assert f'<method name="{method}"' in xml


def test_player_properties_before_anything_plays(desktop, side):
    desktop()
    properties = side.get_all(BUS_NAME, OBJECT_PATH, PLAYER_INTERFACE)
    assert properties["PlaybackStatus"] == "Stopped"
    assert properties["Metadata"] == {"mpris:trackid": NO_TRACK}
    assert properties["Volume"] == pytest.approx(0.8)  # the volume setting's default
    assert properties["Position"] == 0 and properties["Rate"] == 1.0
    assert properties["CanControl"] and properties["CanPlay"] and properties["CanPause"] and properties["CanGoNext"]
    assert properties["CanGoPrevious"] is True and properties["CanSeek"] is False  # nothing to seek in yet
    assert "int64 0" in side.send(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties.Get",
                                  f"string:{PLAYER_INTERFACE}", "string:Position")


def test_volume_from_the_desktop_moves_the_slider_the_player_and_the_setting(desktop, side, tmp_path, qtbot):
    window = desktop()
    monitor = side.monitor(tmp_path, WATCH)
    side.send(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties.Set", f"string:{PLAYER_INTERFACE}",
              "string:Volume", "variant:double:0.35")
    assert window.player_bar.volume.volume() == 35
    assert window.playback.player.volume() == 35 and window.settings.get("volume") == 35
    assert prop(side, "Volume") == pytest.approx(0.35)
    window.player_bar.volume.set_volume(60)  # the user's slider: the desktop hears of it
    qtbot.waitUntil(lambda: [c["Volume"] for c in changed(side, monitor) if "Volume" in c] == [0.35, 0.6])


def test_commands_reach_the_null_player(desktop, side, tmp_path, qtbot):
    window = desktop()
    playback, deck = window.playback, window.playback.player
    monitor = side.monitor(tmp_path, WATCH)
    player(side, "PlayPause")
    qtbot.waitUntil(lambda: deck.state is PlayerState.PLAYING and playback.current is not None)
    first = playback.current
    assert prop(side, "PlaybackStatus") == "Playing"
    metadata = prop(side, "Metadata")
    assert metadata["mpris:trackid"] == track_id(first) and metadata["xesam:title"] == first.display_title
    assert metadata["xesam:url"] == Path(first.path).as_uri()
    assert metadata["mpris:length"] == microseconds(first.duration) > 0
    assert prop(side, "CanSeek") is True

    player(side, "Pause")
    assert deck.state is PlayerState.PAUSED and prop(side, "PlaybackStatus") == "Paused"
    player(side, "SetPosition", f"objpath:{track_id(first)}", "int64:2000000")
    assert deck.position() == pytest.approx(2.0) and prop(side, "Position") == 2_000_000
    player(side, "Seek", "int64:1500000")
    assert deck.position() == pytest.approx(3.5)
    player(side, "SetPosition", "objpath:/org/emotune/track/999999", "int64:0")  # not this track: ignored
    assert deck.position() == pytest.approx(3.5)
    player(side, "Seek", "int64:-60000000")  # before the start: the start
    assert deck.position() == 0.0
    qtbot.waitUntil(lambda: side.signals(monitor, "Seeked") == [[2_000_000], [3_500_000], [0]])

    player(side, "Next")
    qtbot.waitUntil(lambda: playback.current is not None and playback.current.path != first.path)
    player(side, "Pause")
    player(side, "Previous")  # early in the track: back to the one before
    qtbot.waitUntil(lambda: playback.current.path == first.path and deck.state is PlayerState.PLAYING)
    player(side, "Stop")
    assert deck.state is PlayerState.STOPPED and prop(side, "PlaybackStatus") == "Stopped"
    player(side, "Play")
    qtbot.waitUntil(lambda: deck.state is PlayerState.PLAYING)
    player(side, "Seek", f"int64:{microseconds(60.0)}")  # past the end: acts as Next
    qtbot.waitUntil(lambda: playback.current.path != first.path)


def test_properties_changed_on_track_change_but_not_on_position(desktop, side, tmp_path, qtbot):
    window = desktop()
    monitor = side.monitor(tmp_path, WATCH)
    player(side, "PlayPause")
    qtbot.waitUntil(lambda: window.playback.current is not None)
    first = window.playback.current
    player(side, "Next")
    qtbot.waitUntil(lambda: window.playback.current.path != first.path)
    second = window.playback.current

    def track_ids() -> list[str]:
        return [c["Metadata"]["mpris:trackid"] for c in changed(side, monitor) if "Metadata" in c]

    qtbot.waitUntil(lambda: track_ids()[-1:] == [track_id(second)])
    assert track_ids().index(track_id(first)) < track_ids().index(track_id(second))
    assert any(c.get("PlaybackStatus") == "Playing" for c in changed(side, monitor))
    qtbot.wait(800)  # a few position ticks of the player bridge
    assert not any("Position" in c for c in changed(side, monitor))


def test_cover_art_reaches_the_metadata_and_the_notification(desktop, side, notifications, qtbot):
    from mutagen.flac import FLAC, Picture

    window = desktop()
    track = next(track for track in window.model.tracks() if track.path.endswith(".flac"))
    audio = FLAC(track.path)
    cover = Picture()
    cover.type, cover.mime, cover.data = 3, "image/png", PNG  # 3: the front cover
    audio.clear_pictures()  # the demo library's own art
    audio.add_picture(cover)
    audio.save()
    window.router.play_track(track, [track])
    qtbot.waitUntil(lambda: len(notifications()) == 1)
    art_url = prop(side, "Metadata")["mpris:artUrl"]
    assert art_url.startswith("file://") and Path(art_url.removeprefix("file://")).read_bytes() == PNG
    assert notifications()[0]["hints"]["image-path"] == art_url
    assert notifications()[0]["summary"] == track.display_title


def test_track_change_notifications_replace_each_other(desktop, side, notifications, qtbot):
    window = desktop()
    player(side, "PlayPause")
    qtbot.waitUntil(lambda: len(notifications()) == 1)
    first = window.playback.current
    note = notifications()[0]
    assert note["app_name"] == "Emotune" and note["replaces_id"] == 0 and note["app_icon"] == "emotune"
    assert note["summary"] == first.display_title
    assert note["hints"]["desktop-entry"] == "emotune" and note["hints"]["transient"] is True
    player(side, "Next")
    qtbot.waitUntil(lambda: len(notifications()) == 2)
    assert notifications()[1]["summary"] == window.playback.current.display_title != first.display_title
    assert notifications()[1]["replaces_id"] == note["id"]


def test_a_hung_notification_server_never_holds_up_the_window(desktop, side, notifications, qtbot):
    window = desktop()
    player(side, "PlayPause")
    qtbot.waitUntil(lambda: len(notifications()) == 1)
    notifications.server.send_signal(signal.SIGSTOP)  # it owns the name and answers nothing
    stalls = []
    for _ in range(3):
        started = time.monotonic()
        window.playback.next()
        qtbot.wait(50)
        stalls.append(time.monotonic() - started)
    assert max(stalls) < 0.5  # each Notify waits up to its 1.5 s timeout, on the notifier's thread
    notifications.server.send_signal(signal.SIGCONT)
    qtbot.waitUntil(lambda: len(notifications()) >= 2, timeout=10000)  # the late ones still arrive


def test_no_notification_while_the_setting_is_off(desktop, side, notifications, qtbot):
    window = desktop(track_notifications=False)
    player(side, "PlayPause")
    qtbot.waitUntil(lambda: window.playback.current is not None)
    first = window.playback.current
    player(side, "Next")
    qtbot.waitUntil(lambda: window.playback.current.path != first.path)
    qtbot.wait(500)  # a notification sent would be in the file by now (it takes about a millisecond)
    assert notifications() == []
    window.settings.set("track_notifications", True)  # read at each track, no restart needed
    player(side, "Next")
    qtbot.waitUntil(lambda: len(notifications()) == 1)


def test_raise_and_quit(desktop, side, qtbot):
    window = desktop()
    window.hide()
    side.send(BUS_NAME, OBJECT_PATH, f"{ROOT_INTERFACE}.Raise")
    assert window.isVisible()
    side.send(BUS_NAME, OBJECT_PATH, f"{ROOT_INTERFACE}.Quit")
    qtbot.waitUntil(lambda: not window.isVisible())


def test_without_a_session_bus_the_app_runs_and_says_so_once(make_window, demo_library, caplog, qtbot):
    window = make_window(folders=[demo_library])
    parts = dict(router=window.router, playback=window.playback, volume=window.player_bar.volume, window=window,
                 settings=window.settings)
    for address in (None, "", "unix:path=/nonexistent/emotune-test-bus"):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="emotune"):
            assert DesktopIntegration.start(address, **parts) is None
        lines = [record for record in caplog.records if record.name.startswith("emotune.ui")]
        assert len(lines) == 1, [record.getMessage() for record in lines]
        assert "media keys" in lines[0].getMessage() and lines[0].levelno == logging.INFO
    window.router.play_pause()
    qtbot.waitUntil(lambda: window.playback.player.state is PlayerState.PLAYING)


def test_the_settings_dialog_turns_notifications_off(qtbot, make_window):
    window = make_window()
    dialog = SettingsDialog(window.settings)
    qtbot.addWidget(dialog)
    assert dialog.track_notifications.isChecked()
    dialog.track_notifications.setChecked(False)
    assert dialog.apply() == {"track_notifications"}
    assert window.settings.get("track_notifications") is False


def test_while_spotify_plays_the_desktop_sees_spotify(spotify_window, fake, bus, side, qtbot):
    """Status and metadata follow the source that plays: Spotify's track, then the local one again."""
    from emotune.ui.desktop_integration import DesktopIntegration
    from ui.test_mood_playback import hold

    window = spotify_window
    integration = DesktopIntegration.start(bus, router=window.router, playback=window.playback,
                                           volume=window.player_bar.volume, window=window, settings=window.settings)
    try:
        hold(window, "happy")
        window.source_switch.buttons["spotify"].click()
        qtbot.waitUntil(lambda: prop(side, "PlaybackStatus") == "Playing", timeout=10000)
        qtbot.waitUntil(lambda: prop(side, "Metadata").get("xesam:url") == "spotify:track:sun1", timeout=8000)
        assert prop(side, "Metadata")["xesam:title"] == "Sunrise — The Larks"
        assert window.services.player.state is not PlayerState.PLAYING  # the local decks are quiet
        assert prop(side, "CanGoPrevious") is False
        window.source_switch.buttons["local"].click()
        qtbot.waitUntil(lambda: prop(side, "PlaybackStatus") != "Playing", timeout=5000)
        title = prop(side, "Metadata").get("xesam:title")
        assert title == (window.playback.current.display_title if window.playback.current else None)
    finally:
        integration.close()


def test_closing_with_a_hung_notification_server_ends_the_thread_after_the_call_in_flight(
        bus, side, notifications, tmp_path, qtbot):
    """The notifications still queued are dropped, so close waits for one call's timeout at most and the
    thread has ended: a QThread destroyed while it runs aborts the whole app at quit."""
    from PySide6.QtDBus import QDBusConnection

    from emotune.library.track import Track
    from emotune.settings import Settings
    from emotune.ui.desktop_notifier import DesktopNotifier

    connection = QDBusConnection.connectToBus(bus, "notifier-under-test")
    notifier = DesktopNotifier(connection, Settings(tmp_path / "settings.json"), timeout_ms=1000)
    try:
        notifier.show_track(Track(path="/music/first.flac", title="First"))
        qtbot.waitUntil(lambda: len(notifications()) == 1)
        notifications.server.send_signal(signal.SIGSTOP)
        for number in range(4):  # one in flight, three queued behind it: 4 s of timeouts
            notifier.show_track(Track(path=f"/music/{number}.flac", title=f"Track {number}"))
        qtbot.wait(100)
        started = time.monotonic()
        notifier.close()
        assert notifier.finished
        assert time.monotonic() - started < 1.8  # the call in flight, not the three behind it
    finally:
        notifications.server.send_signal(signal.SIGCONT)
        QDBusConnection.disconnectFromBus("notifier-under-test")
