"""User settings: every option declared once with its type, default and description.

Settings (what the user chose) are kept apart from UI state (window geometry, splitter sizes), each in
its own JSON file in the user config dir, written atomically. A corrupt file is moved aside to
``<name>.corrupt-<time>`` and replaced by defaults, with a warning for the UI to show, never a crash.

A value of the wrong type (a hand-edited ``"library_folders": "/home/me/Music"``) is never converted
into something else: it falls back to the option's default with a logged warning. ``Settings`` calls
its ``on_change`` listeners after every change, so the app can save soon after (debounced), not only
at close, and a crash loses at most the last fraction of a second.
"""
from __future__ import annotations

import enum
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emotune.choices import MusicSource, PolicyMode, SwitchBehaviour, ThemeChoice
from emotune.mood_space import TRACK_MOODS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Option:
    name: str
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] = ()
    values: type | None = None  # a dict's values: each must be one (float: any number)


OPTIONS: tuple[Option, ...] = (
    Option("library_folders", list, [], "Folders scanned for music."),
    Option("first_run_done", bool, False, "The first-start offer of a library was answered."),
    Option("volume", int, 80, "Playback volume 0..100."),
    Option("audio_output_device", str, "",
           "Sound output, as VLC names the device (its list is in Settings); empty for the system's default."),
    Option("shuffle", bool, False, "Shuffle the play queue."),
    Option("source", MusicSource, MusicSource.LOCAL, "Where music comes from.", tuple(MusicSource)),
    Option("camera_enabled", bool, True, "Read the listener's mood from the webcam."),
    Option("camera_index", int, 0, "Webcam device index (0 is the system default)."),
    Option("show_preview", bool, True, "Show the camera preview with the followed face boxed."),
    Option("show_browser", bool, False, "Show the genre, artist and album lists above the library table."),
    Option("face_calibration", dict, {},
           "Calibrate to my face: per-emotion offsets (nats, bounded) that make the listener's relaxed face read "
           "neutral; empty for none.", values=float),
    Option("low_power", bool, False, "Read the mood 3 times a second instead of up to 10, for laptops on battery."),
    Option("low_power_on_battery", bool, True,
           "Read the mood 3 times a second whenever the computer runs on battery (where the OS tells it)."),
    Option("responsiveness", float, 0.5,
           "Mood smoother: 0 = very stable (slow to change), 1 = quick to react."),
    Option("policy", PolicyMode, PolicyMode.MATCH, "How the mood picks music.", tuple(PolicyMode)),
    Option("manual_mood", str, "calm", "Mood played in manual mode.", TRACK_MOODS),
    Option("switch_behaviour", SwitchBehaviour, SwitchBehaviour.CROSSFADE,
           "When the mood changes: crossfade once it has held a few seconds, let the track finish, or cut at once.",
           tuple(SwitchBehaviour)),
    Option("resume_playing", bool, False,
           "At start, play on where you left off instead of waiting, paused, for Play."),
    Option("track_notifications", bool, True,
           "Show a desktop notification when the track changes (where the desktop has a notification service)."),
    Option("theme", ThemeChoice, ThemeChoice.SYSTEM,
           "Light or dark colours, or follow the system's scheme (dark where the system does not say).",
           tuple(ThemeChoice)),
    Option("spotify_client_id", str, "", "Client ID of the user's own Spotify app."),
    Option("spotify_redirect_port", int, 8888, "Loopback port registered as the Spotify redirect URI."),
    Option("spotify_api_base", str, "", "Spotify Web API base URL (empty = Spotify's; tests use a local server)."),
    Option("spotify_accounts_base", str, "", "Spotify accounts base URL (empty = Spotify's)."),
    Option("spotify_device_id", str, "", "Spotify Connect device to play on."),
    Option("spotify_mood_playlists", dict, {}, "Mood name -> Spotify playlist URI chosen by the user.", values=str),
)
OPTIONS_BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}


def write_json_atomically(path: Path, data: Any) -> None:
    """Write to a temporary file beside ``path`` and rename it over, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _read_json(path: Path) -> tuple[dict[str, Any], str | None]:
    """Read a JSON object; on corruption move the file aside and return ({}, warning)."""
    if not path.exists():
        return {}, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("top level is not an object")
        return data, None
    except (OSError, ValueError) as error:
        backup = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, backup)
        except OSError:
            backup = path
        warning = f"Settings file {path.name} was unreadable ({error}); defaults are used and the old file was kept as {backup.name}."
        log.warning(warning)
        return {}, warning


def _is(kind: type | None, item: Any) -> bool:
    """Whether a dict's value is of the declared kind (float: any number but a bool; None: anything)."""
    if kind is float:
        return isinstance(item, (int, float)) and not isinstance(item, bool)
    return kind is None or isinstance(item, kind)


def _valid(option: Option, value: Any) -> Any:
    """``value`` as the option's type if it is one already (or a lossless number), else raise TypeError."""
    kind = option.type
    if isinstance(kind, type) and issubclass(kind, enum.Enum):  # stored as its plain value ("match")
        try:
            return kind(value)
        except ValueError:
            raise TypeError(f"expected one of {', '.join(str(m.value) for m in kind)}, got {value!r}") from None
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif kind is list:
        if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
            return list(value)
    elif kind is dict:
        if isinstance(value, dict) and all(isinstance(key, str) and _is(option.values, item)
                                           for key, item in value.items()):
            return {key: float(item) if option.values is float else item for key, item in value.items()}
    elif isinstance(value, kind):
        return value
    raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")


class Settings:
    """Typed access to the declared options, persisted as JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw, self.warning = _read_json(path)
        self._values: dict[str, Any] = {}
        self.on_change: list[Callable[[str], None]] = []
        """Called with the option's name after each change of value (on the thread that set it)."""
        for option in OPTIONS:
            value = raw.get(option.name, option.default)
            self._values[option.name] = self._coerce(option, value)

    @staticmethod
    def _coerce(option: Option, value: Any) -> Any:
        try:
            coerced = _valid(option, value)
        except TypeError as error:
            log.warning("setting %s has a bad value %r (%s); using the default %r",
                        option.name, value, error, option.default)
            return _valid(option, option.default)
        if option.choices and coerced not in option.choices:
            log.warning("setting %s=%r is not one of %s; using the default", option.name, value, option.choices)
            return option.default
        return coerced

    def get(self, name: str) -> Any:
        value = self._values[name]
        return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value

    def set(self, name: str, value: Any) -> None:
        value = self._coerce(OPTIONS_BY_NAME[name], value)
        if value == self._values[name]:
            return
        self._values[name] = value
        for listener in list(self.on_change):
            listener(name)

    def save(self) -> None:
        write_json_atomically(self.path, self._values)


class UiState:
    """Window geometry and other layout state: kept apart from settings, lost without harm."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values, self.warning = _read_json(path)

    def save(self) -> None:
        write_json_atomically(self.path, self.values)
