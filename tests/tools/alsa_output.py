"""A real libVLC player on VLC's ALSA output, for the no-sound-output tests.

A missing ALSA device is the same failure on every machine (with a sound card or without); ALSA's
``null`` device is one that always works. Tests skip where libVLC or its ALSA output is missing.
"""
from __future__ import annotations

import pytest

NO_SUCH_DEVICE = "emotune-no-such-device"


def alsa_vlc_player(*args: str):
    """A ``VlcPlayer`` on the ALSA output with ``args`` added, or the test skipped with the reason."""
    from emotune.player.vlc_player import VlcPlayer, vlc_available

    available, why = vlc_available()
    if not available:
        pytest.skip(why)
    player = VlcPlayer(["--aout=alsa", *args])
    if not any(device.id == "null" for device in player.output_devices()):
        player.close()
        pytest.skip("VLC has no ALSA output here (vlc-plugin-base brings it on Linux)")
    return player
