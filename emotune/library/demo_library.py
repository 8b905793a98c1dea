"""Composes a small demo library so Emotune can be tried without any music of one's own.

Each mood gets three short pieces (chord progression, melody, bass and, where the mood calls for it,
drums) whose musical features are deliberately far apart, so that an estimator listening to the
audio alone can tell them apart as a person would:

==========  ==========  ========  =====================  ==================================
mood        key         tempo     loudness               timbre and texture
==========  ==========  ========  =====================  ==================================
happy       major       120-128   medium-loud            bright plucked chords, pop drums
sad         minor       60-68     soft                   dark pads, slow sine melody
calm        major/pent. 66-74     soft                   sustained pads, gentle arpeggio
energetic   major       140-160   loud                   bright saw stabs, 16th hats, kick
angry       minor       132-148   loud, distorted        low power-chord chugs, rock drums
==========  ==========  ========  =====================  ==================================

Files land in mood-named folders and carry a MOOD tag, so a scan files them straight away. The
output is the same on every run (every random choice is seeded).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from emotune.library import synth
from emotune.library.audio_writer import solid_png, write_audio, write_tags
from emotune.library.synth import RATE

SCALES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
}
FORMATS = (".flac", ".ogg", ".mp3")
TAIL_S = 1.5


@dataclass(frozen=True)
class MoodStyle:
    mood: str
    scale: str
    tempos: tuple[float, float, float]
    tonics: tuple[int, int, int]  # MIDI note of the key's tonic, one per piece
    progressions: tuple[tuple[int, ...], ...]  # scale-degree roots (0-based), one chord per bar
    melody_steps: tuple[tuple[tuple[int, int], ...], ...]  # per-bar rhythms: (16th step, length in 16ths)
    pentatonic_melody: bool
    target_rms: float
    drive: float
    lowpass_hz: float | None
    titles: tuple[str, str, str]
    genre: str
    colour: tuple[int, int, int]


STYLES: tuple[MoodStyle, ...] = (
    MoodStyle("happy", "major", (120, 124, 128), (60, 67, 62),
              ((0, 4, 5, 3), (0, 3, 4, 3), (0, 5, 3, 4)),
              (((0, 2), (2, 2), (4, 2), (6, 2), (8, 4), (12, 2), (14, 2)),
               ((0, 3), (3, 3), (6, 2), (8, 2), (10, 2), (12, 4))),
              False, 0.12, 1.5, None,
              ("Sunny Side Street", "Lemonade Morning", "Bicycle Bells"), "Pop", (250, 190, 40)),
    MoodStyle("sad", "minor", (60, 64, 68), (57, 62, 55),
              ((0, 5, 2, 6), (0, 3, 0, 4), (0, 5, 0, 4)),
              (((0, 8), (8, 4), (12, 4)), ((0, 12), (12, 4))),
              False, 0.03, 1.0, 1400.0,
              ("Rain on the Window", "Letters Never Sent", "Empty Platform"), "Ballad", (60, 80, 140)),
    MoodStyle("calm", "major", (66, 70, 74), (65, 60, 67),
              ((0, 3, 0, 3), (0, 5, 3, 0), (3, 0, 4, 0)),
              (((0, 8), (8, 8)), ((0, 16),), ((0, 4), (4, 12))),
              True, 0.04, 1.0, 3000.0,
              ("Still Water", "Morning Mist", "Slow Clouds"), "Ambient", (90, 180, 160)),
    MoodStyle("energetic", "major", (140, 150, 160), (64, 69, 62),
              ((0, 4, 3, 4), (0, 3, 4, 0), (5, 3, 0, 4)),
              (((0, 2), (2, 1), (3, 2), (6, 2), (8, 2), (10, 1), (11, 2), (14, 2)),
               ((0, 1), (1, 1), (2, 2), (4, 2), (6, 1), (7, 1), (8, 4), (12, 2), (14, 2))),
              False, 0.2, 2.0, None,
              ("Neon Sprint", "Overdrive City", "Pulse Runner"), "Dance", (240, 70, 160)),
    MoodStyle("angry", "minor", (132, 140, 148), (47, 45, 43),
              ((0, 3, 0, 4), (0, 5, 3, 0), (0, 3, 5, 4)),
              (((0, 2), (3, 2), (6, 2), (8, 2), (11, 2), (14, 2)),
               ((0, 1), (1, 1), (2, 2), (6, 2), (8, 1), (9, 1), (10, 2), (14, 2))),
              False, 0.2, 4.0, 5000.0,
              ("Broken Fuse", "Iron Teeth", "Riot Engine"), "Rock", (170, 30, 30)),
)


def _note(tonic: int, scale: tuple[int, ...], degree: int) -> int:
    octave, step = divmod(degree, 7)
    return tonic + 12 * octave + scale[step]


def _melody(style: MoodStyle, tonic: int, chords: list[int], rng: np.random.Generator) -> list[tuple[float, float, int]]:
    """(start in 16ths, length in 16ths, MIDI note) for a phrase over ``chords``: stepwise motion that
    lands on a chord tone at every strong beat, the way a sung line tends to move."""
    scale = SCALES[style.scale]
    low = tonic + (12 if style.mood != "angry" else 24)
    allowed = [n for n in range(low, low + 15) if (n - tonic) % 12 in scale
               and (not style.pentatonic_melody or (n - tonic) % 12 in (0, 2, 4, 7, 9))]
    index = len(allowed) // 2
    notes = []
    for bar, root in enumerate(chords):
        chord_pitches = {(_note(tonic, scale, root + i) - tonic) % 12 for i in (0, 2, 4)}
        rhythm = style.melody_steps[int(rng.integers(len(style.melody_steps)))]
        for step, length in rhythm:
            index = int(np.clip(index + rng.choice((-2, -1, -1, 0, 1, 1, 2)), 0, len(allowed) - 1))
            if step % 8 == 0:  # strong beat: move to the nearest chord tone
                candidates = [i for i, n in enumerate(allowed) if (n - tonic) % 12 in chord_pitches]
                index = min(candidates, key=lambda i: abs(i - index)) if candidates else index
            notes.append((bar * 16 + step, length, allowed[index]))
    return notes


def _compose(style: MoodStyle, variant: int, seconds: float) -> np.ndarray:
    rng = np.random.default_rng(1000 * STYLES.index(style) + variant)
    tempo, tonic = style.tempos[variant], style.tonics[variant]
    progression, scale = style.progressions[variant], SCALES[style.scale]
    sixteenth = 60.0 / tempo / 4
    bar_s = 16 * sixteenth
    bars = max(2, round((seconds - TAIL_S) / bar_s))
    while bars * bar_s + TAIL_S > 60:
        bars -= 1
    while bars * bar_s + TAIL_S < 20:
        bars += 1
    total = np.zeros(int((bars * bar_s + TAIL_S) * RATE))
    left, right = total.copy(), total.copy()
    chords = [progression[bar % len(progression)] for bar in range(bars)]
    chords[-1] = 0  # close on the tonic

    phrase_a = _melody(style, tonic, chords[:4], rng)
    phrase_b = _melody(style, tonic, chords[:4], rng)
    melody = []
    for cycle in range(math.ceil(bars / 4)):
        phrase = phrase_b if cycle % 4 == 2 else phrase_a
        melody += [(start + 64 * cycle, length, note) for start, length, note in phrase if start + 64 * cycle < bars * 16]

    mood = style.mood
    for bar, root in enumerate(chords):
        at = bar * bar_s
        triad = [_note(tonic, scale, root + i) for i in (0, 2, 4)]
        bass_note = _note(tonic, scale, root) - (12 if mood != "angry" else 0)
        if mood == "happy":
            for step in (0, 6, 8, 12):
                for n in triad:
                    synth.place(left, synth.tone(n, 4 * sixteenth, 10, 1.2, decay=0.5), at + step * sixteenth, 0.30)
                    synth.place(right, synth.tone(n + 12, 4 * sixteenth, 8, 1.3, decay=0.4), at + step * sixteenth, 0.12)
            for beat in range(4):
                synth.place(total, synth.tone(bass_note, 3.5 * sixteenth, 5, 1.6, decay=0.4), at + beat * 4 * sixteenth, 0.6)
        elif mood in ("sad", "calm"):
            harmonics = 3 if mood == "sad" else 5
            for n in triad + ([triad[0] + 14] if mood == "calm" else []):
                pad = synth.tone(n, bar_s + 0.6, harmonics, 2.0, attack=0.5, release=0.8)
                synth.place(left, pad, at, 0.25)
                synth.place(right, synth.tone(n, bar_s + 0.6, harmonics + 1, 2.2, attack=0.6, release=0.8), at, 0.25)
            synth.place(total, synth.tone(bass_note, bar_s, 2, 2.0, attack=0.2, release=0.6), at, 0.5)
            if mood == "calm":  # a slow music-box arpeggio
                for beat, n in enumerate(triad + [triad[1]]):
                    synth.place(right, synth.tone(n + 12, 4 * sixteenth, 3, 2.0, decay=0.9), at + beat * 4 * sixteenth, 0.12)
        elif mood == "energetic":
            for step in range(0, 16, 2):
                for n in triad:
                    stab = synth.tone(n + 12, 1.5 * sixteenth, 16, 1.0, decay=0.12)
                    synth.place(left if step % 4 else right, stab, at + step * sixteenth, 0.22)
                octave = 12 if step % 4 else 0
                synth.place(total, synth.tone(bass_note + octave, 1.8 * sixteenth, 8, 1.2, decay=0.2), at + step * sixteenth, 0.5)
        else:  # angry: palm-muted distorted chugs; the minor third on top keeps the mode audible
            third = _note(tonic, scale, root + 2) + 12
            for step in (0, 2, 3, 6, 8, 10, 11, 14):
                chug = sum(synth.tone(n, 1.8 * sixteenth, 10, 1.0, decay=0.15) for n in (bass_note, bass_note + 7, third))
                chug = np.tanh(4.0 * chug)
                synth.place(left, chug, at + step * sixteenth, 0.4)
                synth.place(right, chug, at + (step + 0.1) * sixteenth, 0.4)
        _drums(mood, total, at, sixteenth, rng)

    lead = {"happy": (8, 1.3, False, 0.0), "sad": (2, 2.0, False, 0.25), "calm": (3, 2.0, False, 0.0),
            "energetic": (9, 1.0, True, 0.0), "angry": (12, 1.0, False, 0.0)}[mood]
    for start, length, note in melody:
        sound = synth.tone(note, length * sixteenth * 0.95, lead[0], lead[1], attack=0.02 if mood not in ("sad", "calm") else 0.12,
                           release=0.08, vibrato=lead[3], odd_only=lead[2])
        if mood == "angry":
            sound = np.tanh(3.0 * sound)
        synth.place(total, sound, start * sixteenth, 0.35)

    mono = total
    if mood in ("sad", "calm"):
        # echoes a beat and two beats late reinforce the slow pulse instead of blurring it
        mono = synth.echo(mono, 4 * sixteenth, 0.3)
        left, right = synth.echo(left, 4 * sixteenth, 0.25), synth.echo(right, 8 * sixteenth, 0.25)
    left, right = left + mono, right + mono
    if style.lowpass_hz:
        left, right = synth.lowpass(left, style.lowpass_hz), synth.lowpass(right, style.lowpass_hz)
    fade = np.clip((total.size - np.arange(total.size)) / (TAIL_S * RATE), 0, 1)
    return synth.master(left * fade, right * fade, style.target_rms, style.drive)


def _drums(mood: str, track: np.ndarray, at: float, sixteenth: float, rng: np.random.Generator) -> None:
    patterns = {  # instrument -> 16th steps in the bar
        "happy": {"kick": (0, 8, 10), "snare": (4, 12), "hat": tuple(range(0, 16, 2))},
        "energetic": {"kick": (0, 4, 8, 12), "snare": (4, 12), "hat": tuple(range(16)), "open": (2, 6, 10, 14)},
        "angry": {"kick": (0, 3, 8, 10, 11), "snare": (4, 12), "hat": tuple(range(0, 16, 2))},
    }
    if mood not in patterns:
        return
    sounds = {"kick": (synth.kick(rng), 0.9), "snare": (synth.snare(rng), 0.6),
              "hat": (synth.hihat(rng), 0.25), "open": (synth.hihat(rng, open_hat=True), 0.2)}
    for instrument, steps in patterns[mood].items():
        sound, gain = sounds[instrument]
        for step in steps:
            accent = 1.0 if step % 4 == 0 else 0.7
            synth.place(track, sound, at + step * sixteenth, gain * accent)


def generate_demo_library(directory: Path, seconds: float = 24.0) -> list[Path]:
    """Write three tagged pieces per mood into ``directory/<mood>/`` and return their paths.

    ``seconds`` is the rough length of each piece; pieces end on a whole bar plus a fade, always
    between 20 and 60 seconds. Formats alternate FLAC, Ogg Vorbis and MP3 within each mood.
    """
    seconds = min(max(seconds, 20.0), 60.0)
    written = []
    for style in STYLES:
        folder = directory / style.mood
        folder.mkdir(parents=True, exist_ok=True)
        cover = solid_png(style.colour)
        for variant, title in enumerate(style.titles):
            path = folder / f"{variant + 1:02d} - {title}{FORMATS[variant % len(FORMATS)]}"
            write_audio(path, _compose(style, variant, seconds), RATE)
            write_tags(path, {"title": title, "artist": "Emotune Demo", "album": f"Emotune Demo: {style.mood.title()}",
                              "genre": style.genre, "mood": style.mood, "tracknumber": str(variant + 1)}, cover)
            written.append(path)
    return written
