"""What the desktop's media controls (MPRIS2) and track notifications are told, as plain values.

The D-Bus side (``emotune.ui.mpris_service``) only puts these on the bus. MPRIS counts time in
microseconds and volume as a fraction; the player counts seconds and percent.
"""
from __future__ import annotations

import enum
import hashlib
import tempfile
from pathlib import Path

from emotune.library.track import Track
from emotune.player.base_player import PlayerState

BUS_NAME = "org.mpris.MediaPlayer2.emotune"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
"""The track id the specification reserves for "nothing is current"."""
TRACK_ID_KEY = "mpris:trackid"
"""The one metadata value that is a D-Bus object path rather than a string."""
MIME_TYPES = ("audio/mpeg", "audio/flac", "audio/ogg", "audio/opus", "audio/mp4", "audio/aac", "audio/wav",
              "audio/x-ms-wma")


class PlaybackStatus(enum.Enum):
    PLAYING = "Playing"
    PAUSED = "Paused"
    STOPPED = "Stopped"


def playback_status(state: PlayerState) -> PlaybackStatus:
    """A player that failed has nothing playing, which MPRIS calls Stopped."""
    return {PlayerState.PLAYING: PlaybackStatus.PLAYING,
            PlayerState.PAUSED: PlaybackStatus.PAUSED}.get(state, PlaybackStatus.STOPPED)


def microseconds(seconds: float) -> int:
    return max(0, round(seconds * 1_000_000))


def volume_fraction(percent: int) -> float:
    return min(max(percent, 0), 100) / 100.0


def volume_percent(fraction: float) -> int:
    """MPRIS allows more than 1.0 (amplification); the player's 100 is its loudest."""
    return round(min(max(fraction, 0.0), 1.0) * 100)


def track_id(track: Track) -> str:
    """An object path naming the track: its library id, else a digest of its path (Spotify items)."""
    if track.id is not None:
        return f"/org/emotune/track/{track.id}"
    return "/org/emotune/track/p" + hashlib.sha1(track.path.encode("utf-8")).hexdigest()[:16]


def _url(path: str) -> str:
    if "://" in path or path.startswith("spotify:"):
        return path
    try:
        return Path(path).as_uri()
    except ValueError:  # a relative path has no URI
        return ""


def track_metadata(track: Track | None, duration_s: float = 0.0, art_url: str = "") -> dict[str, object]:
    """The xesam/mpris metadata of ``track`` (``TRACK_ID_KEY`` holds the object path as a string).

    ``duration_s`` is what the player measured, used when the library does not know the length."""
    if track is None:
        return {TRACK_ID_KEY: NO_TRACK}
    metadata: dict[str, object] = {TRACK_ID_KEY: track_id(track), "xesam:title": track.display_title}
    if track.artist:
        metadata["xesam:artist"] = [track.artist]
    if track.album:
        metadata["xesam:album"] = track.album
    if track.genre:
        metadata["xesam:genre"] = [track.genre]
    if url := _url(track.path):
        metadata["xesam:url"] = url
    length = track.duration or duration_s
    if length > 0:
        metadata["mpris:length"] = microseconds(length)
    if art_url:
        metadata["mpris:artUrl"] = art_url
    return metadata


def seek_target(position_s: float, offset_us: int, duration_s: float) -> float | None:
    """Where a relative Seek lands, in seconds; None when it passes the end, which MPRIS says acts as Next."""
    target = max(0.0, position_s + offset_us / 1_000_000)
    if duration_s > 0 and target >= duration_s:
        return None
    return target


def notification_text(track: Track) -> tuple[str, str]:
    """The summary (the title) and the body ("artist — album", whichever are known)."""
    return track.display_title, " — ".join(part for part in (track.artist, track.album) if part)


class ArtFiles:
    """Cover art as a file the desktop can open: MPRIS and notifications want a URL, tags hold bytes.

    One file at a time, in a private temporary folder that ``close()`` removes."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._current: Path | None = None

    def store(self, data: bytes | None) -> str:
        """A file:// URL for ``data`` ("" for none); the previous file is removed."""
        if self._current is not None:
            self._current.unlink(missing_ok=True)
            self._current = None
        if not data:
            return ""
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="emotune-art-")
        suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg" if data.startswith(b"\xff\xd8") else ".img"
        # A new name per picture: desktops cache art by URL.
        self._current = Path(self._folder.name) / f"cover-{hashlib.sha1(data).hexdigest()[:16]}{suffix}"
        self._current.write_bytes(data)
        return self._current.as_uri()

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = self._current = None
