"""Builds the audio player named in the settings, falling back to silence rather than failing.

A missing libvlc must not stop Emotune from starting: the mood reading, the library and the UI still
work, so the app gets a NullPlayer whose ``reason`` tells the person what to install.
"""
from __future__ import annotations

import logging
from typing import Any

from emotune.errors import PlayerError
from emotune.player.base_player import BasePlayer
from emotune.player.null_player import NullPlayer

log = logging.getLogger(__name__)

BACKENDS = ("vlc", "null")


def create_player(name: str = "vlc", **kwargs: Any) -> BasePlayer:
    """A player backend by name; ``kwargs`` go to its constructor (e.g. ``vlc_args``, ``durations``)."""
    if name == "null":
        return NullPlayer(**kwargs)
    if name == "vlc":
        from emotune.player.vlc_player import VlcPlayer

        try:
            return VlcPlayer(**kwargs)
        except PlayerError as error:
            log.warning("VLC is unavailable, playing silently: %s", error.detail)
            return NullPlayer(reason=f"{error.short}. {error.detail}")
    raise PlayerError("Unknown audio backend", f"No player named {name!r}; choose one of {', '.join(BACKENDS)}.")
