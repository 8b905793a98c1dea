"""No working sound output, in the real window with real libVLC: said once, the music and the queue
go on; the output chosen in Settings reaches the player and is stored.

VLC's ALSA output with a device that does not exist fails alike on every machine; ALSA's ``null``
device always works (see tests/player/test_vlc_output.py).
"""
from __future__ import annotations

import pytest

from emotune.paths import config_dir
from emotune.player.base_player import PlayerState
from emotune.settings import Settings
from tests.tools.alsa_output import NO_SUCH_DEVICE, alsa_vlc_player



@pytest.fixture
def alsa_decks():
    from emotune.player.crossfade_player import CrossfadePlayer

    first = alsa_vlc_player()
    return CrossfadePlayer((first, first.twin()))


def no_sound_notices(window) -> list:
    return [box for box in window.notice_boxes if box.text().startswith("No sound")]


def test_no_sound_output_is_said_once_and_the_music_goes_on(make_window, demo_library, alsa_decks, qtbot):
    window = make_window(folders=[demo_library], player=alsa_decks,
                         settings_values={"audio_output_device": NO_SUCH_DEVICE})
    skipped = []
    window.router.failed.connect(skipped.append)
    first, second = window.services.library_tracks()[:2]
    window.playback.play_track(first, [first, second])
    qtbot.waitUntil(lambda: bool(no_sound_notices(window)), timeout=15000)  # VLC gives up on ALSA in ~1 s idle
    box = no_sound_notices(window)[0]
    assert f"“{NO_SUCH_DEVICE}” chosen in Settings" in box.informativeText()  # the stored choice was applied
    window.playback.next()
    qtbot.waitUntil(lambda: window.playback.current == second, timeout=3000)
    qtbot.wait(1500)
    assert len(no_sound_notices(window)) == 1
    assert window.services.player.state is PlayerState.PLAYING and window.services.player.position() > 0.5
    assert not [error for error in skipped if error.short.startswith("Skipped")]


def test_the_output_chosen_in_settings_is_used_and_stored(make_window, demo_library, alsa_decks, qtbot,
                                                          monkeypatch):
    window = make_window(folders=[demo_library], player=alsa_decks,
                         settings_values={"audio_output_device": NO_SUCH_DEVICE})
    player, chosen = window.services.player, []
    apply_to_player = player.set_output_device
    monkeypatch.setattr(player, "set_output_device", lambda device: (chosen.append(device), apply_to_player(device)))
    track = window.services.library_tracks()[0]
    window.playback.play_track(track, [track])
    qtbot.waitUntil(lambda: bool(no_sound_notices(window)), timeout=15000)  # VLC gives up on ALSA in ~1 s idle
    dialog = window.open_settings()
    choices = {dialog.output_device.itemData(i): dialog.output_device.itemText(i)
               for i in range(dialog.output_device.count())}
    assert choices[""] == "System default" and "null" in choices
    assert choices[NO_SUCH_DEVICE] == f"{NO_SUCH_DEVICE} (not connected)"
    dialog.output_device.setCurrentIndex(dialog.output_device.findData("null"))
    dialog.accept()
    assert chosen == ["null"]
    window.playback.play_track(track, [track])
    qtbot.waitUntil(lambda: player.position() > 1.0, timeout=5000)
    assert len(no_sound_notices(window)) == 1  # ALSA's null device takes the sound: nothing more to say
    assert Settings(config_dir() / "settings.json").get("audio_output_device") == "null"
