"""Musical features that carry mood, computed with numpy from a mono excerpt.

The features are the cues listeners are known to use when they hear emotion in music (Gabrielsson &
Lindström 2010; Juslin & Laukka 2004): tempo and how clearly it pulses, loudness and its range, how
densely notes and drum hits come, how bright the timbre is, and whether the harmony is major or
minor. Each is one cheap pass over a short-time Fourier transform, so a 60 s excerpt analyses in a
fraction of a second: the library job must get through thousands of files on an ordinary laptop.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_FFT = 2048
HOP = 512
CHROMA_FFT = 8192
"""Long window for pitch: at 22050 Hz its bins are 2.7 Hz apart, finer than a semitone down to ~80 Hz."""
CHROMA_HOP = 4096
CHROMA_RANGE_HZ = (100.0, 2000.0)
BRIGHT_ABOVE_HZ = 1500.0
"""The cut-off of the 'brightness' cue used in music-emotion research (MIRtoolbox's default)."""
TEMPO_RANGE_BPM = (40.0, 220.0)
TEMPO_PRIOR_BPM = 120.0
"""Centre of a one-octave log-normal prior on tempo: breaks ties between a beat and its double/half."""
DOUBLE_UP_TO_BPM = 160.0
DOUBLE_PULSE_RATIO = 0.3
"""A pulse at twice the dominant one replaces it when its autocorrelation is at least this share of the
dominant's and the result stays below DOUBLE_UP_TO_BPM (slow songs' pulses show a dip there, not a peak)."""
SILENCE_DB = -70.0

PITCH_CLASSES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
KRUMHANSL_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
KRUMHANSL_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
"""Krumhansl & Kessler (1982) probe-tone ratings: how well each pitch class fits a major/minor key."""


@dataclass(frozen=True)
class AudioFeatures:
    """What the estimator reads: plain numbers (and the key's name), so they can be logged or shown."""

    tempo_bpm: float
    pulse_clarity: float
    """Height of the tempo peak in the onset autocorrelation, 0 (no beat) .. 1 (metronome)."""
    onset_rate: float
    """Note and drum onsets per second."""
    loudness_db: float
    """RMS level of the sounding frames in dBFS (a -20 dBFS sine is 0.1 peak)."""
    dynamics_db: float
    """Spread of frame loudness (90th minus 10th percentile of the sounding frames)."""
    centroid_hz: float
    brightness: float
    """Share of the magnitude spectrum above 1500 Hz."""
    mode: float
    """Best major-key minus best minor-key correlation: > 0 sounds major, < 0 minor."""
    key: str
    key_clarity: float
    """Correlation of the best key profile with the chroma, -1 .. 1."""


def extract_features(samples: np.ndarray, rate: int) -> AudioFeatures:
    """All features of a mono float excerpt (at least a few seconds long)."""
    samples = np.asarray(samples, dtype=np.float32)
    power, frame_power = _power_spectrogram(samples)
    sounding = frame_power > 10 ** (SILENCE_DB / 10)
    frame_db = 10 * np.log10(frame_power[sounding]) if sounding.any() else np.array([SILENCE_DB])
    loudness = 10 * np.log10(frame_power[sounding].mean()) if sounding.any() else SILENCE_DB
    frequencies = np.fft.rfftfreq(N_FFT, 1 / rate)
    spectrum = np.sqrt(power).sum(axis=0)  # magnitude, as MIRtoolbox: power would let the bass drum rule
    total = float(spectrum.sum())
    centroid = float(spectrum @ frequencies / total) if total > 0 else 0.0
    brightness = float(spectrum[frequencies >= BRIGHT_ABOVE_HZ].sum() / total) if total > 0 else 0.0
    fps = rate / HOP
    envelope = onset_envelope(power)
    tempo, clarity = estimate_tempo(envelope, fps)
    key, mode, key_clarity = detect_key(chroma_profile(samples, rate))
    return AudioFeatures(
        tempo_bpm=tempo,
        pulse_clarity=clarity,
        onset_rate=onset_rate(envelope, fps),
        loudness_db=float(loudness),
        dynamics_db=float(np.percentile(frame_db, 90) - np.percentile(frame_db, 10)),
        centroid_hz=centroid,
        brightness=brightness,
        mode=mode,
        key=key,
        key_clarity=key_clarity,
    )


def _frames(samples: np.ndarray, size: int, hop: int) -> np.ndarray:
    if samples.size < size:
        samples = np.pad(samples, (0, size - samples.size))
    return np.lib.stride_tricks.sliding_window_view(samples, size)[::hop]


def _power_spectrogram(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(frames, bins) power of a Hann-windowed STFT, and each frame's mean-square level."""
    frames = _frames(samples, N_FFT, HOP)
    frame_power = np.mean(np.square(frames, dtype=np.float64), axis=1)
    window = np.hanning(N_FFT).astype(np.float32)
    spectrum = np.fft.rfft(frames * window, axis=1)
    return (spectrum.real**2 + spectrum.imag**2).astype(np.float32), frame_power


def onset_envelope(power: np.ndarray) -> np.ndarray:
    """Spectral flux of log-compressed magnitude, rectified: how much new energy each frame brings.

    Log compression makes a soft note as visible as a loud one, so the envelope tracks rhythm, not level.
    """
    log_magnitude = np.log1p(1000.0 * np.sqrt(power / max(float(power.max()), 1e-20)))
    flux = np.maximum(np.diff(log_magnitude, axis=0), 0.0).sum(axis=1)
    return np.concatenate([[0.0], flux]).astype(np.float64)


def estimate_tempo(envelope: np.ndarray, fps: float) -> tuple[float, float]:
    """(BPM, pulse clarity) from the autocorrelation of the onset envelope.

    A beat repeats, so the envelope correlates with itself shifted by one beat. The envelope's slow
    swell (pads fading in, sections getting louder) is removed first, else it props up every short
    lag. The strongest lag within 40-220 BPM, weighted by a broad prior around 120 BPM, is the
    dominant pulse; when that pulse is slow and a clear pulse twice as fast is also present (a rock
    pattern repeating every half bar), the faster one is what listeners tap, so it is taken. The
    peak is then refined at a multiple of the lag (four beats on, the same error is a quarter as large).
    """
    width = max(min(int(fps), envelope.size), 1)
    centred = envelope - np.convolve(envelope, np.ones(width) / width, mode="same")
    n = centred.size
    spectrum = np.fft.rfft(centred, 2 * n)
    acf = np.fft.irfft(spectrum.real**2 + spectrum.imag**2)[:n]
    if n < 4 or acf[0] <= 0:
        return 0.0, 0.0
    acf = acf / acf[0]
    low = max(int(60 * fps / TEMPO_RANGE_BPM[1]), 2)
    high = min(int(np.ceil(60 * fps / TEMPO_RANGE_BPM[0])), n // 2)
    if high <= low + 2:
        return 0.0, 0.0
    lags = np.arange(low, high + 1)
    prior = np.exp(-0.5 * np.log2(60 * fps / lags / TEMPO_PRIOR_BPM) ** 2)
    best = int(lags[np.argmax(acf[lags] * prior)])
    half = int(round(_refine_peak(acf, best // 2, search=1)))
    if (60 * fps / half <= DOUBLE_UP_TO_BPM and half >= low
            and acf[half] >= DOUBLE_PULSE_RATIO * acf[best] and acf[half] >= max(acf[half - 1], acf[half + 1])):
        best = half
    clarity = float(np.clip(acf[best], 0.0, 1.0))
    lag = _refine_peak(acf, best)
    for multiple in (4, 3, 2):
        if multiple * lag + multiple < n // 2:
            lag = _refine_peak(acf, int(round(multiple * lag)), search=multiple) / multiple
            break
    return float(60 * fps / lag), clarity


def _refine_peak(acf: np.ndarray, around: int, search: int = 1) -> float:
    """The sub-frame position of the local maximum of ``acf`` within ``search`` frames of ``around``."""
    window = np.arange(max(around - search, 1), min(around + search, acf.size - 2) + 1)
    i = int(window[np.argmax(acf[window])])
    left, centre, right = acf[i - 1], acf[i], acf[i + 1]
    curvature = left - 2 * centre + right
    return i + (0.5 * (left - right) / curvature if curvature < 0 else 0.0)


def onset_rate(envelope: np.ndarray, fps: float) -> float:
    """Onsets per second: envelope peaks that stand out from their surroundings (about ±0.35 s)."""
    if envelope.size < 3 or envelope.max() <= 0:
        return 0.0
    reach = max(int(0.035 * fps), 1)  # peaks closer than ~35 ms count as one onset
    context = max(int(0.35 * fps), 1)
    padded = np.pad(envelope, context, mode="edge")
    local_max = np.lib.stride_tricks.sliding_window_view(padded, 2 * reach + 1)[context - reach: context - reach + envelope.size].max(axis=1)
    kernel = np.ones(2 * context + 1) / (2 * context + 1)
    local_mean = np.convolve(padded, kernel, mode="valid")
    threshold = local_mean + 0.1 * envelope.max()
    peaks = (envelope >= local_max) & (envelope > threshold)
    return float(peaks.sum() / (envelope.size / fps))


def chroma_profile(samples: np.ndarray, rate: int) -> np.ndarray:
    """How much each of the 12 pitch classes sounds over the excerpt (sums to 1).

    Only spectral peaks count: a held note is a peak, while drums and noise spread over every bin
    and would otherwise flatten the profile until major and minor look alike. A peak counts towards
    its nearest semitone, less the further it lies from it. Each frame is normalised before summing
    so that a quiet verse weighs as much as a loud chorus. Below 100 Hz sit kick drums more than notes.
    """
    frames = _frames(samples, CHROMA_FFT, CHROMA_HOP)
    magnitude = np.abs(np.fft.rfft(frames * np.hanning(CHROMA_FFT).astype(np.float32), axis=1))
    peaks = np.zeros_like(magnitude)
    is_peak = (magnitude[:, 1:-1] > magnitude[:, :-2]) & (magnitude[:, 1:-1] >= magnitude[:, 2:])
    peaks[:, 1:-1] = np.where(is_peak, magnitude[:, 1:-1], 0.0)
    frequencies = np.fft.rfftfreq(CHROMA_FFT, 1 / rate)
    in_range = (frequencies >= CHROMA_RANGE_HZ[0]) & (frequencies <= CHROMA_RANGE_HZ[1])
    pitch = 69 + 12 * np.log2(frequencies[in_range] / 440.0)
    nearest = np.round(pitch)
    weight = np.clip(1 - 2 * np.abs(pitch - nearest), 0, 1)
    mapping = np.zeros((in_range.sum(), 12))
    mapping[np.arange(nearest.size), nearest.astype(int) % 12] = weight
    chroma = peaks[:, in_range] @ mapping
    loudest = chroma.max(axis=1, keepdims=True)
    chroma = (chroma / np.where(loudest > 0, loudest, 1)).sum(axis=0)
    total = chroma.sum()
    return chroma / total if total > 0 else np.full(12, 1 / 12)


def detect_key(chroma: np.ndarray) -> tuple[str, float, float]:
    """(key name, mode score, clarity) by correlating ``chroma`` with the 24 rotated key profiles."""
    major = np.array([_correlation(chroma, np.roll(KRUMHANSL_MAJOR, tonic)) for tonic in range(12)])
    minor = np.array([_correlation(chroma, np.roll(KRUMHANSL_MINOR, tonic)) for tonic in range(12)])
    if major.max() >= minor.max():
        key, clarity = f"{PITCH_CLASSES[int(major.argmax())]} major", major.max()
    else:
        key, clarity = f"{PITCH_CLASSES[int(minor.argmax())]} minor", minor.max()
    return key, float(major.max() - minor.max()), float(clarity)


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation, 0 when either side is flat (silence has no key)."""
    a, b = a - a.mean(), b - b.mean()
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b / norm) if norm > 0 else 0.0
