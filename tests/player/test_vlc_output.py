"""Real libVLC without a working sound output: told once, the track plays on, stderr stays quiet;
and the output devices VLC lists can be chosen.

A missing ALSA device is the same failure on every machine (with a sound card or without), so the
player runs on VLC's ALSA output with a device name that does not exist; ALSA's ``null`` device is
one that always works.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from emotune.errors import PlayerError
from emotune.player.base_player import OutputDevice, PlayerState
from emotune.player.vlc_player import VlcPlayer
from tests.tools.alsa_output import NO_SUCH_DEVICE, alsa_vlc_player



@pytest.fixture
def alsa_player():
    player = alsa_vlc_player(f"--alsa-audio-device={NO_SUCH_DEVICE}")
    yield player
    player.close()


def test_no_working_output_is_told_once_and_the_track_plays_on(
        alsa_player: VlcPlayer, tone_wav: Path, record, wait_for, capfd, caplog) -> None:
    events = record(alsa_player)
    with caplog.at_level(logging.WARNING):
        alsa_player.play(str(tone_wav))
        wait_for(lambda: events.output_failures, timeout=3.0)
        time.sleep(2.0)  # VLC retries the output for every block: ~30 times a second
        assert alsa_player.state is PlayerState.PLAYING and alsa_player.position() > 1.0
    assert len(events.output_failures) == 1 and events.errors == []
    failure = events.output_failures[0]
    assert isinstance(failure, PlayerError) and failure.short == "No sound: no audio output works"
    assert "Settings → Playback" in failure.detail and "camera" in failure.detail
    stderr = capfd.readouterr().err
    assert "ALSA lib" not in stderr and "audio output error" not in stderr, stderr[:2000]
    vlc_lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("libVLC")]
    assert any("failed to create audio output" in line for line in vlc_lines)
    assert len(vlc_lines) < 30, vlc_lines  # each repeated message on its 1st, 10th and 100th time


def test_a_device_that_works_can_be_chosen_and_a_new_failure_is_told_again(
        alsa_player: VlcPlayer, tone_wav: Path, record, wait_for) -> None:
    devices = alsa_player.output_devices()
    assert all(isinstance(device, OutputDevice) and device.id and "\n" not in device.description
               for device in devices)
    events = record(alsa_player)
    alsa_player.set_output_device("null")
    alsa_player.play(str(tone_wav))
    wait_for(lambda: alsa_player.position() > 1.0)
    assert events.output_failures == []
    alsa_player.stop()
    alsa_player.set_output_device(NO_SUCH_DEVICE)
    alsa_player.play(str(tone_wav))
    wait_for(lambda: events.output_failures, timeout=3.0)
    assert f"“{NO_SUCH_DEVICE}” chosen in Settings" in events.output_failures[0].detail
