"""What survives a restart, and what the app says when its files or its audio backend are broken."""
import sys

from PySide6.QtCore import QSize

from emotune.paths import config_dir


def test_corrupt_settings_are_backed_up_and_reported(make_window):
    config = config_dir()
    config.mkdir(parents=True)
    (config / "settings.json").write_text('{"volume": 40, "policy": ')  # cut off mid-write
    window = make_window()
    backups = list(config.glob("settings.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text().startswith('{"volume": 40')
    assert window.settings.get("volume") == 80 and window.settings.get("policy") == "match"  # defaults
    assert window.statusBar().currentMessage() == "Settings were reset to defaults"
    assert len(window.notice_boxes) == 1
    box = window.notice_boxes[0]
    assert box.isVisible() and "defaults are used" in box.informativeText() and backups[0].name in box.informativeText()
    window.close()
    assert (config / "settings.json").exists()  # defaults written back on close


def test_geometry_splitter_and_columns_persist(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    window.resize(QSize(1100, 700))
    window.splitter.setSizes([420, 640])
    window.library_view.table.horizontalHeader().resizeSection(1, 222)
    qtbot.wait(50)
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(folders=[demo_library])
    assert again.size() == QSize(1100, 700)
    assert again.splitter.sizes() == sizes
    assert again.library_view.table.horizontalHeader().sectionSize(1) == 222
    assert (config_dir() / "ui_state.json").exists()


def test_settings_persist_across_restarts(make_window, demo_library):
    window = make_window(folders=[demo_library])
    window.player_bar.volume.slider.setValue(33)
    window.policy_selector.segments.buttons["lift"].click()
    window.close()
    again = make_window(folders=[demo_library])
    assert again.settings.get("volume") == 33 and again.player_bar.volume.slider.value() == 33
    assert again.settings.get("policy") == "lift" and again.services.policy.mode == "lift"
    assert again.policy_selector.segments.value() == "lift"


def test_missing_libvlc_falls_back_to_silence_with_one_message(make_window, monkeypatch, demo_library, qtbot):
    from emotune.player.base_player import PlayerState
    from emotune.player.factory import create_player

    monkeypatch.setitem(sys.modules, "vlc", None)  # as if python-vlc could not load libvlc
    player = create_player("vlc")
    assert player.name == "null" and "VLC" in player.reason
    window = make_window(folders=[demo_library], player=player)
    assert window.statusBar().currentMessage() == "No sound: VLC is not installed"
    assert len(window.notice_boxes) == 1
    text = window.notice_boxes[0].informativeText()
    assert "apt install" in text and "plays silently" in text
    window.player_bar.transport.play_button.click()  # the rest of the app still works
    qtbot.waitUntil(lambda: player.state is PlayerState.PLAYING, timeout=3000)


def test_vlc_backend_plays_from_the_window(make_window, demo_library, qtbot):
    import pytest

    from emotune.player.base_player import PlayerState
    from emotune.player.vlc_player import VlcPlayer, vlc_available

    ok, why = vlc_available()
    if not ok:
        pytest.skip(why)
    window = make_window(folders=[demo_library], player=VlcPlayer(["--aout=dummy"]))
    assert window.notice_boxes == []
    window.library_view.search.setText("energetic")
    window.playback.play_track(window.library_view.model.track_at(0), window.library_view.model.tracks())
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=5000)
    qtbot.waitUntil(lambda: window.player_bar.seek_bar.slider.value() > 0, timeout=5000)
    seek_bar = window.player_bar.seek_bar
    seek_bar.slider.setSliderDown(True)
    seek_bar.slider.setValue(seek_bar.slider.maximum() // 2)
    seek_bar.slider.setSliderDown(False)  # released: seeks the player
    qtbot.waitUntil(lambda: window.services.player.position() >= seek_bar.slider.maximum() / 2 / 10 - 1, timeout=5000)
