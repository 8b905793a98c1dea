"""Writes synthesised audio to real files: encode with PyAV (FFmpeg), then tag with mutagen.

Used by the demo library, the scan benchmark and the tests, which all need small real media files
rather than mocks. Tags are written with mutagen after encoding because FFmpeg maps a MOOD tag to
``TXXX:MOOD`` in MP3, whereas taggers and Emotune's tag reader expect the ``TMOO`` frame.
"""
from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import numpy as np
from mutagen import MutagenError
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TALB, TCON, TDRC, TIT2, TMOO, TPE1, TPOS, TRCK
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from emotune.errors import LibraryError

# suffix -> (container format, codec, codec options)
ENCODINGS: dict[str, tuple[str, str, dict[str, str]]] = {
    ".flac": ("flac", "flac", {}),
    # FFmpeg's own Vorbis encoder is marked experimental (libvorbis is often not built in) but its
    # output is valid Ogg Vorbis that every player decodes.
    ".ogg": ("ogg", "vorbis", {"strict": "experimental"}),
    ".mp3": ("mp3", "libmp3lame", {"compression_level": "7"}),  # LAME -q 7: quick, still clean
    ".wav": ("wav", "pcm_s16le", {}),
    ".m4a": ("ipod", "aac", {}),
    ".opus": ("ogg", "libopus", {}),
}
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)
"""Opus encodes only these rates; other input is resampled to 48 kHz first."""

_ID3_FRAMES = {"title": TIT2, "artist": TPE1, "album": TALB, "genre": TCON, "mood": TMOO, "tracknumber": TRCK,
               "discnumber": TPOS, "date": TDRC}


def write_audio(path: Path, samples: np.ndarray, rate: int) -> None:
    """Encode float samples shaped (2, n) in [-1, 1] to ``path``; the suffix picks the format."""
    import av  # FFmpeg is loaded only by the few who write audio (the demo library, tests)

    try:
        container_format, codec, options = ENCODINGS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"cannot encode {path.suffix!r}; choose one of {', '.join(ENCODINGS)}") from None
    stereo = np.ascontiguousarray(np.clip(samples, -1.0, 1.0), dtype=np.float32)
    if stereo.ndim != 2 or stereo.shape[0] != 2:
        raise ValueError(f"samples must be shaped (2, n), not {stereo.shape}")
    if codec == "libopus" and rate not in OPUS_RATES:
        source_time = np.arange(stereo.shape[1]) / rate
        target_time = np.arange(int(stereo.shape[1] * 48000 / rate)) / 48000
        stereo = np.ascontiguousarray([np.interp(target_time, source_time, row) for row in stereo], dtype=np.float32)
        rate = 48000
    try:
        with av.open(str(path), mode="w", format=container_format) as container:
            stream = container.add_stream(codec, rate=rate, layout="stereo", options=options)
            frame = av.AudioFrame.from_ndarray(stereo, format="fltp", layout="stereo")
            frame.sample_rate = rate
            frame.pts = 0
            for packet in stream.encode(frame):
                container.mux(packet)
            for packet in stream.encode(None):
                container.mux(packet)
    except (av.FFmpegError, OSError) as error:
        raise LibraryError("Could not write an audio file", f"{path}: {error}") from error


def write_tags(path: Path, tags: dict[str, str], cover_png: bytes | None = None) -> None:
    """Tag ``path`` with title/artist/album/genre/mood/tracknumber/discnumber/date (tracknumber and
    discnumber as "3" or "3/12") and an optional front cover."""
    try:
        tagger = _TAGGERS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"cannot tag {path.suffix!r} files") from None
    try:
        tagger(path, tags, cover_png)
    except (MutagenError, OSError) as error:
        raise LibraryError("Could not tag an audio file", f"{path}: {error}") from error


def _fill_id3(id3: ID3, tags: dict[str, str], cover_png: bytes | None) -> None:
    for key, value in tags.items():
        id3.add(_ID3_FRAMES[key](encoding=3, text=[value]))
    if cover_png:
        id3.add(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=cover_png))


def _tag_mp3(path: Path, tags: dict[str, str], cover_png: bytes | None) -> None:
    id3 = ID3()
    _fill_id3(id3, tags, cover_png)
    id3.save(path)


def _tag_wav(path: Path, tags: dict[str, str], cover_png: bytes | None) -> None:
    wave = WAVE(path)
    if wave.tags is None:
        wave.add_tags()
    _fill_id3(wave.tags, tags, cover_png)
    wave.save()


def _tag_flac(path: Path, tags: dict[str, str], cover_png: bytes | None) -> None:
    flac = FLAC(path)
    flac.update({key: [value] for key, value in tags.items()})
    if cover_png:
        flac.add_picture(_picture(cover_png))
    flac.save()


def _tag_ogg(path: Path, tags: dict[str, str], cover_png: bytes | None) -> None:
    vorbis = OggVorbis(path)
    vorbis.update({key: [value] for key, value in tags.items()})
    if cover_png:
        vorbis["metadata_block_picture"] = [base64.b64encode(_picture(cover_png).write()).decode("ascii")]
    vorbis.save()


def _tag_m4a(path: Path, tags: dict[str, str], cover_png: bytes | None) -> None:
    mp4 = MP4(path)
    for key, value in tags.items():
        if key == "mood":
            mp4["----:com.apple.iTunes:MOOD"] = [MP4FreeForm(value.encode("utf-8"))]
        elif key in ("tracknumber", "discnumber"):
            number, _, total = value.partition("/")
            mp4["trkn" if key == "tracknumber" else "disk"] = [(int(number), int(total or 0))]
        else:
            mp4[_MP4_ATOMS[key]] = [value]
    if cover_png:
        mp4["covr"] = [MP4Cover(cover_png, imageformat=MP4Cover.FORMAT_PNG)]
    mp4.save()


_MP4_ATOMS = {"title": "\xa9nam", "artist": "\xa9ART", "album": "\xa9alb", "genre": "\xa9gen", "date": "\xa9day"}
_TAGGERS = {".mp3": _tag_mp3, ".wav": _tag_wav, ".flac": _tag_flac, ".ogg": _tag_ogg, ".m4a": _tag_m4a}


def _picture(cover_png: bytes) -> Picture:
    picture = Picture()
    picture.type = 3
    picture.mime = "image/png"
    picture.desc = "Cover"
    picture.data = cover_png
    return picture


def solid_png(rgb: tuple[int, int, int], size: int = 32) -> bytes:
    """A tiny valid PNG of one colour with a lighter diagonal, written without an imaging library."""
    red, green, blue = rgb
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter type: none
        for x in range(size):
            lift = 60 if abs(x - y) < 3 else 0
            row += bytes((min(red + lift, 255), min(green + lift, 255), min(blue + lift, 255)))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
