"""A tiny additive synthesiser in numpy: tones, drums, filters, echo, used to compose the demo library.

Every sound is a sum of sine harmonics under an envelope, so a timbre is two numbers (how many
harmonics, how fast they fall off) and "bright" versus "dark" is a direct, measurable choice.
"""
from __future__ import annotations

import functools

import numpy as np

RATE = 44100
TABLE_SIZE = 4096


def midi_hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69) / 12)


@functools.lru_cache(maxsize=128)
def _wavetable(harmonics: int, rolloff: float, odd_only: bool) -> np.ndarray:
    """One period of the waveform, so a note costs one table lookup per sample, not one sine per harmonic."""
    phase = np.arange(TABLE_SIZE + 1) * (2 * np.pi / TABLE_SIZE)  # one extra point for interpolation
    return sum(np.sin(k * phase) / k**rolloff for k in range(1, harmonics + 1) if not (odd_only and k % 2 == 0))


@functools.lru_cache(maxsize=512)
def tone(
    note: float,
    seconds: float,
    harmonics: int = 6,
    rolloff: float = 1.5,
    attack: float = 0.01,
    decay: float | None = None,
    release: float = 0.05,
    vibrato: float = 0.0,
    odd_only: bool = False,
) -> np.ndarray:
    """One note (read-only, cached: pieces repeat their notes): harmonics fall off as 1/k**rolloff,
    those above the Nyquist limit are left out; ``decay`` (s) makes it a plucked note."""
    count = max(int(seconds * RATE), 1)
    t = np.arange(count) / RATE
    frequency = midi_hz(note)
    cycles = frequency * t
    if vibrato:
        cycles += vibrato / (2 * np.pi) * np.sin(2 * np.pi * 5.0 * t) * np.clip(t / 0.4, 0, 1)
    table = _wavetable(max(1, min(harmonics, int(RATE * 0.45 / frequency))), rolloff, odd_only)
    position = (cycles % 1.0) * TABLE_SIZE
    index = position.astype(np.int64)
    wave = table[index] + (table[index + 1] - table[index]) * (position - index)
    envelope = np.minimum(t / max(attack, 1e-4), 1.0)
    if decay:
        envelope *= np.exp(-t / decay)
    envelope *= np.clip((seconds - t) / max(release, 1e-4), 0.0, 1.0)
    wave *= envelope
    wave.setflags(write=False)
    return wave


def clear_caches() -> None:
    """Free the cached notes and wavetables once a piece or library is written."""
    tone.cache_clear()
    _wavetable.cache_clear()


def kick(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.35 * RATE)) / RATE
    frequency = 45 + 90 * np.exp(-t / 0.035)
    body = np.sin(2 * np.pi * np.cumsum(frequency) / RATE) * np.exp(-t / 0.18)
    click = rng.standard_normal(t.size) * np.exp(-t / 0.004) * 0.3
    return body + click


def snare(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.25 * RATE)) / RATE
    noise = np.diff(rng.standard_normal(t.size + 1)) * np.exp(-t / 0.09) * 0.45
    body = np.sin(2 * np.pi * 185 * t) * np.exp(-t / 0.06) * 0.6
    return noise + body


def hihat(rng: np.random.Generator, open_hat: bool = False) -> np.ndarray:
    t = np.arange(int((0.2 if open_hat else 0.06) * RATE)) / RATE
    noise = np.diff(rng.standard_normal(t.size + 2), n=2) / 4
    return noise * np.exp(-t / (0.08 if open_hat else 0.018))


def place(track: np.ndarray, sound: np.ndarray, at_s: float, gain: float = 1.0) -> None:
    """Mix ``sound`` into ``track`` starting at ``at_s`` seconds, cutting what runs past the end."""
    start = int(at_s * RATE)
    if start >= track.size:
        return
    end = min(start + sound.size, track.size)
    track[start:end] += gain * sound[: end - start]


def lowpass(signal: np.ndarray, cutoff_hz: float, order: int = 2) -> np.ndarray:
    """A smooth Butterworth-shaped low-pass applied in the frequency domain (no scipy needed)."""
    padded = 1 << (signal.size - 1).bit_length()  # FFT lengths with large prime factors are very slow
    spectrum = np.fft.rfft(signal, padded)
    frequencies = np.fft.rfftfreq(padded, 1 / RATE)
    spectrum /= np.sqrt(1 + (frequencies / cutoff_hz) ** (2 * order))
    return np.fft.irfft(spectrum, padded)[: signal.size]


def echo(signal: np.ndarray, delay_s: float, feedback: float, repeats: int = 3) -> np.ndarray:
    """A few decaying copies of the signal: a cheap sense of room for soft, sustained moods."""
    out = signal.copy()
    shift = int(delay_s * RATE)
    for n in range(1, repeats + 1):
        if shift * n >= signal.size:
            break
        out[shift * n:] += signal[: signal.size - shift * n] * feedback**n
    return out


def master(left: np.ndarray, right: np.ndarray, target_rms: float, drive: float) -> np.ndarray:
    """Scale to ``target_rms`` then soft-clip with tanh (``drive`` > 1 squashes loud moods harder)."""
    stereo = np.stack([left, right])
    rms = float(np.sqrt(np.mean(stereo**2))) or 1.0
    stereo *= target_rms / rms
    stereo = np.tanh(stereo * drive) / np.tanh(drive)
    rms = float(np.sqrt(np.mean(stereo**2))) or 1.0
    stereo *= target_rms / rms
    peak = float(np.max(np.abs(stereo)))
    return stereo * (0.97 / peak) if peak > 0.97 else stereo
