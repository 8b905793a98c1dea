"""The user's choices that several layers name: declared once here, referenced by the settings options.

They are ``str`` enums, so a settings file keeps plain words ("match", "crossfade") and code compares
members, never free strings.
"""
from __future__ import annotations

import enum


class PolicyMode(str, enum.Enum):
    """How the listener's mood picks music (see ``emotune.moods.music_table``)."""

    MATCH = "match"
    LIFT = "lift"
    MANUAL = "manual"


class SwitchBehaviour(str, enum.Enum):
    """When a change of mood reaches the speakers (see ``emotune.moods.switch_gate``)."""

    CROSSFADE = "crossfade"
    """Once a new mood has held for a few seconds, blend into a track that fits it."""
    FINISH = "finish"
    """Let the playing track end; the next one fits the new mood."""
    IMMEDIATE = "immediate"
    """Cut to a new track the moment the mood changes, even for a moment."""


SWITCH_DESCRIPTIONS: dict[SwitchBehaviour, str] = {
    SwitchBehaviour.CROSSFADE: "Crossfade once a new mood has held for a few seconds (recommended)",
    SwitchBehaviour.FINISH: "Let the track finish: the next track fits the new mood (can take minutes)",
    SwitchBehaviour.IMMEDIATE: "Switch at once, even on a passing expression (music may jump)",
}


class MusicSource(str, enum.Enum):
    LOCAL = "local"
    SPOTIFY = "spotify"


class ThemeChoice(str, enum.Enum):
    """Which colours the window uses (see ``emotune.ui.palette``)."""

    SYSTEM = "system"
    """Follow the desktop's light or dark scheme, also when it changes while Emotune runs."""
    LIGHT = "light"
    DARK = "dark"
