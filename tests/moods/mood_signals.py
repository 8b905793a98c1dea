"""Synthesised signals with known musical properties, encoded to real files with the app's audio writer.

Imported by the tests of this folder (pytest puts it on the path); fixtures live in conftest.py.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from emotune.library.audio_writer import write_audio

RATE = 22050


def encode(path: Path, samples: np.ndarray) -> Path:
    """Encode mono float samples at RATE to ``path`` (the suffix picks the format), as stereo."""
    write_audio(path, np.stack([samples, samples]), RATE)
    return path


def note(midi: float, seconds: float, harmonics: int = 4, rolloff: float = 2.0) -> np.ndarray:
    """A tone with ``harmonics`` partials falling as 1/k**rolloff (1 is a sawtooth), a soft attack and release."""
    t = np.arange(int(seconds * RATE)) / RATE
    frequency = 440.0 * 2 ** ((midi - 69) / 12)
    wave = sum(np.sin(2 * np.pi * k * frequency * t) / k**rolloff for k in range(1, harmonics + 1) if k * frequency < RATE / 2)
    envelope = np.minimum(t / 0.01, 1) * np.clip((seconds - t) / 0.05, 0, 1)
    return wave * envelope


def clicks(bpm: float, seconds: float, accent_every: int = 0) -> np.ndarray:
    """A metronome: short bursts of decaying noise on every beat."""
    rng = np.random.default_rng(int(bpm * 10))
    out = np.zeros(int(seconds * RATE))
    burst = rng.standard_normal(int(0.03 * RATE)) * np.exp(-np.arange(int(0.03 * RATE)) / (0.005 * RATE))
    for beat, start in enumerate(np.arange(0, seconds, 60.0 / bpm)):
        i = int(start * RATE)
        gain = 1.0 if not accent_every or beat % accent_every == 0 else 0.6
        out[i:i + burst.size] += gain * burst[: out.size - i]
    return 0.5 * out / np.abs(out).max()


def drums(bpm: float, seconds: float) -> np.ndarray:
    """A kick (a falling 60 Hz thump) on every beat and a quieter hi-hat on every eighth note."""
    rng = np.random.default_rng(int(bpm))
    t = np.arange(int(0.2 * RATE)) / RATE
    kick = np.sin(2 * np.pi * (60 * t + 40 * (1 - np.exp(-t / 0.03)))) * np.exp(-t / 0.08)
    hat = rng.standard_normal(int(0.04 * RATE)) * np.exp(-np.arange(int(0.04 * RATE)) / (0.008 * RATE))
    hat = np.diff(hat, prepend=0.0)  # a crude high-pass: hats are bright
    out = np.zeros(int(seconds * RATE))
    for index, start in enumerate(np.arange(0, seconds, 30.0 / bpm)):
        sound = kick if index % 2 == 0 else 0.25 * hat
        i = int(start * RATE)
        out[i:i + sound.size] += sound[: out.size - i]
    return 0.5 * out / np.abs(out).max()


MAJOR_PROGRESSION = ((60, 64, 67), (65, 69, 72), (67, 71, 74), (60, 64, 67))  # C F G C
MINOR_PROGRESSION = ((57, 60, 64), (62, 65, 69), (64, 67, 71), (57, 60, 64))  # Am Dm Em Am


def chords(progression: tuple[tuple[int, ...], ...], seconds: float, bpm: float = 90.0,
           harmonics: int = 4, bass: bool = True, level: float = 0.3) -> np.ndarray:
    """A progression repeated for ``seconds``, one chord per bar of 4 beats, with a bass root."""
    bar = 4 * 60.0 / bpm
    out = np.zeros(int(seconds * RATE))
    for index, start in enumerate(np.arange(0, seconds, bar)):
        chord = progression[index % len(progression)]
        sound = sum(note(pitch, bar, harmonics) for pitch in chord)
        if bass:
            sound = sound + note(chord[0] - 24, bar, harmonics)
        i = int(start * RATE)
        out[i:i + sound.size] += sound[: out.size - i]
    return level * out / np.abs(out).max()


def level_db(samples: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(samples))))
