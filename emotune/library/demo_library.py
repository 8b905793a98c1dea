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

from emotune.free_memory import release_free_memory
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


def _melody(style: MoodStyle, tonic: int, chords: list[int],
           rng: np.random.Generator) -> list[tuple[int, int, int]]:
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


@dataclass
class _Mix:
    """The buses a piece is mixed on, and its rhythmic grid."""

    left: np.ndarray
    right: np.ndarray
    centre: np.ndarray
    sixteenth: float

    def add(self, bus: str, sound: np.ndarray, at: float, step: float, gain: float) -> None:
        synth.place(getattr(self, bus), sound, at + step * self.sixteenth, gain)


def _happy_bar(mix: _Mix, at: float, triad: list[int]) -> None:
    """Bright plucked chords on a pop rhythm, bass on every beat."""
    s = mix.sixteenth
    for step in (0, 6, 8, 12):
        for n in triad:
            mix.add("left", synth.tone(n, 4 * s, 10, 1.2, decay=0.5), at, step, 0.30)
            mix.add("right", synth.tone(n + 12, 4 * s, 8, 1.3, decay=0.4), at, step, 0.12)
    for step in (0, 4, 8, 12):
        mix.add("centre", synth.tone(triad[0] - 12, 3.5 * s, 5, 1.6, decay=0.4), at, step, 0.6)


def _pads(mix: _Mix, at: float, notes: list[int], harmonics: int) -> None:
    """Slow-attack chords held across the bar, with a soft sustained bass under them."""
    bar_s = 16 * mix.sixteenth
    for n in notes:
        mix.add("left", synth.tone(n, bar_s + 0.6, harmonics, 2.0, attack=0.5, release=0.8), at, 0, 0.25)
        mix.add("right", synth.tone(n, bar_s + 0.6, harmonics + 1, 2.2, attack=0.6, release=0.8), at, 0, 0.25)
    mix.add("centre", synth.tone(notes[0] - 12, bar_s, 2, 2.0, attack=0.2, release=0.6), at, 0, 0.5)


def _sad_bar(mix: _Mix, at: float, triad: list[int]) -> None:
    _pads(mix, at, triad, harmonics=3)


def _calm_bar(mix: _Mix, at: float, triad: list[int]) -> None:
    """Pads with an added ninth, and a slow music-box arpeggio on the beats."""
    _pads(mix, at, [*triad, triad[0] + 14], harmonics=5)
    for beat, n in enumerate([*triad, triad[1]]):
        mix.add("right", synth.tone(n + 12, 4 * mix.sixteenth, 3, 2.0, decay=0.9), at, 4 * beat, 0.12)


def _energetic_bar(mix: _Mix, at: float, triad: list[int]) -> None:
    """Bright saw-like stabs on every eighth, bouncing between the speakers, over an octave bass."""
    s = mix.sixteenth
    for step in range(0, 16, 2):
        for n in triad:
            mix.add("left" if step % 4 else "right", synth.tone(n + 12, 1.5 * s, 16, 1.0, decay=0.12), at, step, 0.22)
        octave = 12 if step % 4 else 0
        mix.add("centre", synth.tone(triad[0] - 12 + octave, 1.8 * s, 8, 1.2, decay=0.2), at, step, 0.5)


def _angry_bar(mix: _Mix, at: float, triad: list[int]) -> None:
    """Palm-muted distorted chugs: root, fifth, and the minor third above to keep the mode audible."""
    root = triad[0]
    for step in (0, 2, 3, 6, 8, 10, 11, 14):
        chug = sum(synth.tone(n, 1.8 * mix.sixteenth, 10, 1.0, decay=0.15) for n in (root, root + 7, triad[1] + 12))
        chug = np.tanh(4.0 * chug)
        mix.add("left", chug, at, step, 0.4)
        mix.add("right", chug, at, step + 0.1, 0.4)


BAR_PARTS = {"happy": _happy_bar, "sad": _sad_bar, "calm": _calm_bar, "energetic": _energetic_bar, "angry": _angry_bar}
LEADS: dict[str, dict] = {  # synth.tone settings of the melody instrument
    "happy": {"harmonics": 8, "rolloff": 1.3, "attack": 0.02},
    "sad": {"harmonics": 2, "rolloff": 2.0, "attack": 0.12, "vibrato": 0.25},
    "calm": {"harmonics": 3, "rolloff": 2.0, "attack": 0.12},
    "energetic": {"harmonics": 9, "rolloff": 1.0, "attack": 0.02, "odd_only": True},
    "angry": {"harmonics": 12, "rolloff": 1.0, "attack": 0.02},
}


def _bar_count(seconds: float, bar_s: float) -> int:
    bars = max(2, round((seconds - TAIL_S) / bar_s))
    while bars * bar_s + TAIL_S > 60:
        bars -= 1
    while bars * bar_s + TAIL_S < 20:
        bars += 1
    return bars


def _compose(style: MoodStyle, variant: int, seconds: float) -> np.ndarray:
    """One piece as stereo samples: chords and bass bar by bar, drums, then an A-A-B-A melody on top."""
    rng = np.random.default_rng(1000 * STYLES.index(style) + variant)
    tonic, scale, mood = style.tonics[variant], SCALES[style.scale], style.mood
    sixteenth = 60.0 / style.tempos[variant] / 4
    bars = _bar_count(seconds, 16 * sixteenth)
    length = int((bars * 16 * sixteenth + TAIL_S) * RATE)
    mix = _Mix(np.zeros(length), np.zeros(length), np.zeros(length), sixteenth)
    progression = style.progressions[variant]
    chords = [progression[bar % len(progression)] for bar in range(bars)]
    chords[-1] = 0  # close on the tonic
    for bar, root in enumerate(chords):
        at = bar * 16 * sixteenth
        BAR_PARTS[mood](mix, at, [_note(tonic, scale, root + i) for i in (0, 2, 4)])
        _drums(mood, mix.centre, at, sixteenth, rng)

    phrases = (_melody(style, tonic, chords[:4], rng), _melody(style, tonic, chords[:4], rng))
    for cycle in range(math.ceil(bars / 4)):
        for start, steps, note in phrases[1 if cycle % 4 == 2 else 0]:
            if start + 64 * cycle < bars * 16:
                sound = synth.tone(note, steps * sixteenth * 0.95, release=0.08, **LEADS[mood])
                mix.add("centre", np.tanh(3.0 * sound) if mood == "angry" else sound, 0.0, start + 64 * cycle, 0.35)

    centre, left, right = mix.centre, mix.left, mix.right
    if mood in ("sad", "calm"):
        # echoes one and two beats late reinforce the slow pulse instead of blurring it
        centre = synth.echo(centre, 4 * sixteenth, 0.3)
        left, right = synth.echo(left, 4 * sixteenth, 0.25), synth.echo(right, 8 * sixteenth, 0.25)
    left, right = left + centre, right + centre
    if style.lowpass_hz:
        left, right = synth.lowpass(left, style.lowpass_hz), synth.lowpass(right, style.lowpass_hz)
    fade = np.clip((length - np.arange(length)) / (TAIL_S * RATE), 0, 1)
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
    # The note cache only pays within one library; kept, it would hold ~250 MB for the app's lifetime.
    synth.clear_caches()
    release_free_memory()
    return written
