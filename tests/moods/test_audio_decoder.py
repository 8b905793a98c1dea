"""Decoding real encoded files (made with FFmpeg through PyAV) and refusing broken ones with a reason."""
from __future__ import annotations

import numpy as np
import pytest

from emotune.errors import LibraryError
from emotune.moods.audio_decoder import ANALYSIS_RATE, AudioAnalysisError, decode_excerpt
from mood_signals import RATE, note


def ramp(seconds: float) -> np.ndarray:
    """A 440 Hz tone whose amplitude grows linearly with time, so a level tells where in the file it was."""
    t = np.arange(int(seconds * RATE)) / RATE
    return 0.8 * (t / seconds) * np.sin(2 * np.pi * 440.0 * t)


def level_at(samples: np.ndarray, rate: int, at_s: float) -> float:
    """Peak amplitude in a 0.2 s window starting at ``at_s``."""
    start = int(at_s * rate)
    return float(np.abs(samples[start:start + int(0.2 * rate)]).max())


@pytest.mark.parametrize("suffix", [".flac", ".mp3", ".ogg", ".opus", ".m4a", ".wav"])
def test_every_format_decodes_to_mono_float_at_the_analysis_rate(write_clip, suffix):
    path = write_clip(f"tone{suffix}", 0.5 * note(69, 3.0, harmonics=1))
    decoded = decode_excerpt(path)
    assert decoded.rate == ANALYSIS_RATE
    assert decoded.samples.dtype == np.float32 and decoded.samples.ndim == 1
    assert decoded.seconds == pytest.approx(3.0, abs=0.15)
    assert decoded.duration_s == pytest.approx(3.0, abs=0.15)
    assert decoded.offset_s == 0.0
    spectrum = np.abs(np.fft.rfft(decoded.samples))
    assert np.fft.rfftfreq(decoded.samples.size, 1 / decoded.rate)[spectrum.argmax()] == pytest.approx(440, abs=3)


@pytest.mark.parametrize("suffix", [".flac", ".mp3"])
def test_a_long_file_is_read_only_in_its_middle(write_clip, suffix):
    path = write_clip(f"ramp{suffix}", ramp(12.0))
    decoded = decode_excerpt(path, max_seconds=4.0)
    assert decoded.duration_s == pytest.approx(12.0, abs=0.1)
    assert decoded.offset_s == pytest.approx(4.0, abs=0.1)
    assert decoded.seconds == pytest.approx(4.0, abs=0.01)
    # the excerpt starts at 4 s and ends at 8 s of the ramp: its level says where it was cut
    assert level_at(decoded.samples, decoded.rate, 0.0) == pytest.approx(0.8 * 4.1 / 12, abs=0.03)
    assert level_at(decoded.samples, decoded.rate, 3.75) == pytest.approx(0.8 * 7.9 / 12, abs=0.03)


def test_stereo_is_mixed_to_mono_by_averaging(tmp_path):
    import av

    path = tmp_path / "left_only.wav"
    left = 0.5 * note(69, 2.0, harmonics=1).astype(np.float32)
    with av.open(str(path), mode="w", format="wav") as container:
        stream = container.add_stream("pcm_s16le", rate=RATE, layout="stereo")
        frame = av.AudioFrame.from_ndarray(np.stack([left, np.zeros_like(left)]), format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = RATE, 0
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    decoded = decode_excerpt(path)
    assert np.abs(decoded.samples).max() == pytest.approx(0.25, abs=0.01)


@pytest.mark.parametrize("content, reason", [
    (b"", "not decodable"),
    (b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40, "not decodable"),
    (b"this is a text file, not music\n" * 50, "not decodable"),
])
def test_undecodable_files_raise_a_library_error_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "broken.mp3"
    path.write_bytes(content)
    with pytest.raises(AudioAnalysisError) as caught:
        decode_excerpt(path)
    assert isinstance(caught.value, LibraryError)
    assert reason in caught.value.reason and str(path) in caught.value.detail


def test_a_missing_file_says_it_cannot_be_read(tmp_path):
    with pytest.raises(AudioAnalysisError, match="cannot read the file"):
        decode_excerpt(tmp_path / "gone.flac")


def test_a_file_without_audio_is_refused(tmp_path):
    import av

    path = tmp_path / "picture.mkv"
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("ffv1", rate=1)
        stream.width, stream.height, stream.pix_fmt = 16, 16, "yuv420p"
        frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), dtype=np.uint8), format="rgb24")
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    with pytest.raises(AudioAnalysisError, match="no audio stream"):
        decode_excerpt(path)
