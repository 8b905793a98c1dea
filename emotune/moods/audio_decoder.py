"""Decodes an audio file to a mono float32 excerpt at a low sample rate, ready for feature extraction.

Mood features need neither stereo nor the top octave, so everything is mixed to mono and resampled
to 22050 Hz: half the samples of CD audio, a quarter of the FFT work. Only the middle of a long track
is read (at most ``max_seconds``): intros and fade-outs say little about a song's mood, and a bounded
excerpt bounds the cost of analysing a 20-minute piece. PyAV (FFmpeg) does the decoding, so any
format the scanner accepts decodes here; its errors are translated into :class:`AudioAnalysisError`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from emotune.errors import LibraryError

if TYPE_CHECKING:
    import av

ANALYSIS_RATE = 22050
MAX_ANALYSIS_S = 60.0


class AudioAnalysisError(LibraryError):
    """A file whose mood cannot be read from its audio; ``reason`` is the short why for a skip list."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__("Cannot analyse this track", f"{path}: {reason}.")
        self.reason = reason


@dataclass(frozen=True)
class DecodedAudio:
    """``samples`` (mono float32) cover ``offset_s`` .. ``offset_s + len/rate`` of a ``duration_s`` file."""

    samples: np.ndarray
    rate: int
    offset_s: float
    duration_s: float

    @property
    def seconds(self) -> float:
        return self.samples.size / self.rate


def _duration_s(container: av.container.InputContainer, stream: av.AudioStream) -> float:
    import av

    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def decode_excerpt(path: str | Path, rate: int = ANALYSIS_RATE, max_seconds: float = MAX_ANALYSIS_S) -> DecodedAudio:
    """Mono samples of (at most) the middle ``max_seconds`` of ``path`` at ``rate`` Hz."""
    import av  # 20 MB of FFmpeg: loaded when a track is first analysed, not with every app start

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise AudioAnalysisError(path, "the file has no audio stream")
            stream = container.streams.audio[0]
            duration = _duration_s(container, stream)
            offset = max(0.0, (duration - max_seconds) / 2)
            if offset > 0:
                # Seeks to the keyframe at or before ``offset``; the samples before it are trimmed below.
                container.seek(int(offset * av.time_base))
            samples = _read(container, stream, rate, offset, max_seconds)
    except AudioAnalysisError:
        raise
    except OSError as error:  # before FFmpegError: FFmpeg's file errors are both
        raise AudioAnalysisError(path, f"cannot read the file ({error.strerror or error})") from error
    except av.FFmpegError as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise AudioAnalysisError(path, f"not decodable audio ({reason})") from error
    if samples.size == 0:
        raise AudioAnalysisError(path, "no audio could be decoded")
    return DecodedAudio(samples, rate, offset, duration or samples.size / rate)


def _read(container: av.container.InputContainer, stream: av.AudioStream, rate: int,
          offset: float, max_seconds: float) -> np.ndarray:
    """Decode from the current position, mixing channels to mono, until ``max_seconds`` are collected."""
    import av

    resampler = av.AudioResampler(format="fltp", rate=rate)  # planar: one row per channel, averaged below
    wanted = int(max_seconds * rate)
    chunks: list[np.ndarray] = []
    collected = 0
    first = True
    for frame in container.decode(stream):
        skip = 0
        if first and frame.time is not None and frame.time < offset:
            skip = int((offset - frame.time) * rate)  # the seek landed early: drop what lies before
        for out in resampler.resample(frame):
            mono = out.to_ndarray().mean(axis=0)[skip:]
            skip = max(0, skip - out.samples)
            if mono.size:
                first = False
                chunks.append(mono)
                collected += mono.size
        if collected >= wanted:
            break
    else:
        chunks += [out.to_ndarray().mean(axis=0) for out in resampler.resample(None)]
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks)[:wanted].astype(np.float32, copy=False)
