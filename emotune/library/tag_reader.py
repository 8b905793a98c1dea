"""Reads tags, duration and cover art from audio files with mutagen.

Files are opened once with mutagen's full (not "easy") interface and mapped through one key table
per tag family: the easy interface hides MP4 freeform atoms such as ``----:com.apple.iTunes:MOOD``
and has no easy form for WAV's ID3 or WMA's ASF tags, while a table covers all of them alike.
"""
from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen
from mutagen.asf import ASFTags
from mutagen.flac import Picture
from mutagen.id3 import ID3Tags
from mutagen.mp4 import MP4Tags

log = logging.getLogger(__name__)


class UnreadableFile(Exception):
    """A file mutagen cannot read as audio; ``reason`` says why in words a person understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


MAX_TAG_CHARS = 1024
"""Tag text is cut to this when read: a 1 MB title froze the window each time the table or the player
bar drew it, and no real title, artist or genre comes close."""


@dataclass(frozen=True)
class FileTags:
    """What a file's tags say; a number that is missing or unreadable is 0."""

    title: str = ""
    artist: str = ""
    album: str = ""
    genre: str = ""
    mood: str = ""
    duration: float = 0.0
    track_number: int = 0
    disc_number: int = 0
    year: int = 0


# field -> keys to try in order, per tag family
_ID3_KEYS = {"title": ("TIT2",), "artist": ("TPE1", "TPE2"), "album": ("TALB",), "genre": ("TCON",),
             "mood": ("TMOO", "TXXX:MOOD", "TXXX:mood"), "track_number": ("TRCK",), "disc_number": ("TPOS",),
             "year": ("TDRC", "TYER", "TDOR")}
_VORBIS_KEYS = {"title": ("title",), "artist": ("artist", "albumartist"), "album": ("album",),
                "genre": ("genre",), "mood": ("mood",), "track_number": ("tracknumber",),
                "disc_number": ("discnumber",), "year": ("date", "year", "originaldate")}
_MP4_KEYS = {"title": ("\xa9nam",), "artist": ("\xa9ART", "aART"), "album": ("\xa9alb",),
             "genre": ("\xa9gen",), "mood": ("----:com.apple.iTunes:MOOD", "----:com.apple.iTunes:mood"),
             "track_number": ("trkn",), "disc_number": ("disk",), "year": ("\xa9day",)}
_ASF_KEYS = {"title": ("Title",), "artist": ("Author", "WM/AlbumArtist"), "album": ("WM/AlbumTitle",),
             "genre": ("WM/Genre",), "mood": ("WM/Mood",), "track_number": ("WM/TrackNumber",),
             "disc_number": ("WM/PartOfSet",), "year": ("WM/Year",)}
_NUMBER_FIELDS = frozenset({"track_number", "disc_number"})
_LEADING_NUMBER = re.compile(r"\s*(\d{1,5})(?!\d)")  # "3", "03/12"; not a 40-digit number SQLite cannot hold
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")  # "2001", "2001-05-02", "May 2001"


def _open(path: Path) -> Any:
    try:
        if path.stat().st_size == 0:
            raise UnreadableFile("the file is empty")
        audio = mutagen.File(path)
    except UnreadableFile:
        raise
    except PermissionError:
        raise UnreadableFile("permission denied: the file cannot be read") from None
    except OSError as error:
        raise UnreadableFile(f"cannot open the file ({error.strerror or error})") from None
    except mutagen.MutagenError as error:
        detail = str(error) or type(error).__name__
        raise UnreadableFile(f"damaged or truncated audio file ({detail})") from None
    except Exception as error:  # mutagen's parsers can fail in unexpected ways on hostile input
        raise UnreadableFile(f"damaged audio file ({type(error).__name__}: {error})") from None
    if audio is None:
        raise UnreadableFile("not a recognised audio format (the content does not match the file extension)")
    return audio


def _keys_for(tags: Any) -> dict[str, tuple[str, ...]]:
    if isinstance(tags, ID3Tags):
        return _ID3_KEYS
    if isinstance(tags, MP4Tags):
        return _MP4_KEYS
    if isinstance(tags, ASFTags):
        return _ASF_KEYS
    return _VORBIS_KEYS  # FLAC, Ogg Vorbis/Opus/FLAC, and APEv2 use the same plain names


def _text(value: Any) -> str:
    """The first text of a tag value in whatever wrapper its format uses."""
    if hasattr(value, "genres"):  # ID3 TCON: resolves "(13)" style numeric genres
        value = value.genres
    elif hasattr(value, "text"):  # other ID3 text frames
        value = value.text
    if isinstance(value, list):
        value = value[0] if value else ""
    if hasattr(value, "value"):  # ASF attribute
        value = value.value
    if isinstance(value, bytes):  # MP4 freeform atom
        value = value[:MAX_TAG_CHARS * 4].decode("utf-8", "replace")
    return str(value).strip()[:MAX_TAG_CHARS].rstrip()


def _number(value: Any) -> int:
    """The number of a track or disc tag: MP4's (3, 12) pair, or the text "3/12" or "03"; 0 if none."""
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        value = value[0]
    if isinstance(value, tuple):
        return int(value[0]) if value and isinstance(value[0], int) and 0 < value[0] < 100_000 else 0
    match = _LEADING_NUMBER.match(_text(value))
    return int(match.group(1)) if match else 0


def _year(value: Any) -> int:
    match = _YEAR.search(_text(value))
    return int(match.group(1)) if match else 0


def read_tags(path: Path) -> FileTags:
    """Title, artist, album, genre, mood tag, track and disc number, year and duration; raises
    UnreadableFile with a reason."""
    audio = _open(path)
    info = getattr(audio, "info", None)
    duration = float(getattr(info, "length", 0.0) or 0.0)
    tags = audio.tags
    if not tags:
        return FileTags(duration=duration)
    fields: dict[str, Any] = {}
    for field, keys in _keys_for(tags).items():
        for key in keys:
            value = tags.get(key)
            if value:
                if field in _NUMBER_FIELDS:
                    fields[field] = _number(value)
                elif field == "year":
                    fields[field] = _year(value)
                else:
                    fields[field] = _text(value)
                break
    return FileTags(duration=duration, **fields)


def read_cover(path: Path) -> bytes | None:
    """The embedded front cover (else the first picture) as image bytes, or None.

    Cover art is decoration, so an unreadable file gives None (and a debug log) rather than an error.
    """
    try:
        audio = _open(path)
    except UnreadableFile as error:
        log.debug("no cover for %s: %s", path, error.reason)
        return None
    pictures: list[tuple[int, bytes]] = []  # (picture type, data); type 3 is the front cover
    pictures += [(picture.type, picture.data) for picture in getattr(audio, "pictures", [])]  # FLAC
    tags = audio.tags
    if isinstance(tags, ID3Tags):
        pictures += [(frame.type, frame.data) for frame in tags.getall("APIC")]
    elif isinstance(tags, MP4Tags):
        pictures += [(3, bytes(cover)) for cover in tags.get("covr", [])]
    elif tags is not None and not isinstance(tags, ASFTags):
        for encoded in tags.get("metadata_block_picture", []):  # Ogg
            try:
                picture = Picture(base64.b64decode(encoded))
            except (ValueError, mutagen.MutagenError):
                continue
            pictures.append((picture.type, picture.data))
    front = [data for kind, data in pictures if kind == 3]
    return (front or [data for _, data in pictures] or [None])[0]
