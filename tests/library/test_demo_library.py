"""The demo library is generated once for this module, through the real ``emotune demo-library`` command."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import mutagen
import numpy as np
import pytest

from emotune.library import demo_library

MOODS = ("happy", "sad", "calm", "energetic")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "EMOTUNE_HOME": str(directory / "home")}
    completed = subprocess.run([sys.executable, "-m", "emotune", "demo-library", str(directory / "music"),
                                "--seconds", "20"], env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert "Wrote 15 demo tracks" in completed.stdout
    return directory / "music"


def _files(demo: Path) -> list[Path]:
    return sorted(path for path in demo.rglob("*") if path.is_file())


def _features(path: Path) -> tuple[float, float]:
    """(RMS in dBFS, spectral centroid in Hz) of the decoded file, mono at 22.05 kHz."""
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=22050)
        chunks = [out.to_ndarray().ravel() for frame in container.decode(audio=0) for out in resampler.resample(frame)]
    samples = np.concatenate(chunks)
    spectrum = np.abs(np.fft.rfft(samples))
    frequencies = np.fft.rfftfreq(samples.size, 1 / 22050)
    return 20 * np.log10(np.sqrt(np.mean(samples**2))), float((spectrum * frequencies).sum() / spectrum.sum())


def test_each_mood_has_three_tracks_in_its_folder_in_several_formats(demo: Path) -> None:
    files = _files(demo)
    for mood in MOODS:
        in_folder = [path for path in files if path.parent.name == mood]
        assert len(in_folder) >= 3, mood
        assert {path.suffix for path in in_folder} == {".flac", ".ogg", ".mp3"}
    assert {path.parent for path in files} == {demo / mood for mood in (*MOODS, "angry")}


def test_tracks_last_20_to_60_seconds_and_carry_tags(demo: Path) -> None:
    for path in _files(demo):
        audio = mutagen.File(path, easy=True)
        assert 20.0 <= audio.info.length <= 60.0, path
        assert audio["artist"] == ["Emotune Demo"]
        assert audio["mood"] == [path.parent.name]
        assert audio["title"][0] and audio["album"][0] and audio["genre"][0]


def test_the_audio_itself_sounds_like_its_mood(demo: Path) -> None:
    """Loudness and brightness alone already separate the moods the way the table in the module says."""
    by_mood: dict[str, list[tuple[float, float]]] = {}
    for path in _files(demo):
        by_mood.setdefault(path.parent.name, []).append(_features(path))
    loudness = {mood: max(rms for rms, _ in values) for mood, values in by_mood.items()}
    quietest = {mood: min(rms for rms, _ in values) for mood, values in by_mood.items()}
    brightness = {mood: np.mean([centroid for _, centroid in values]) for mood, values in by_mood.items()}
    assert loudness["sad"] < -20 and loudness["calm"] < -20
    assert quietest["energetic"] > -15 and quietest["angry"] > -15 and quietest["happy"] > -20
    assert brightness["sad"] < brightness["calm"] < brightness["happy"] < brightness["energetic"]


def test_generation_is_deterministic() -> None:
    style = demo_library.STYLES[0]
    assert np.array_equal(demo_library._compose(style, 1, 20.0), demo_library._compose(style, 1, 20.0))


def test_scan_json_command_reports_the_demo_library(demo: Path, tmp_path: Path) -> None:
    env = {**os.environ, "EMOTUNE_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "emotune", "scan", str(demo), "--json"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert list(report) == ["files_seen", "added", "updated", "removed", "unchanged", "skipped", "seconds"]
    assert (report["files_seen"], report["added"], report["skipped"]) == (15, 15, [])
    assert (tmp_path / "data" / "library.sqlite3").is_file()
    again = json.loads(subprocess.run(command, env=env, capture_output=True, text=True, timeout=60).stdout)
    assert (again["added"], again["unchanged"]) == (0, 15)
