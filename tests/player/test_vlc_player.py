"""VLC-only checks: the decoded audio really comes out, and a missing libvlc is explained, not fatal."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from emotune.player.vlc_player import VlcPlayer, vlc_available


@pytest.fixture
def vlc_or_skip() -> None:
    available, why = vlc_available()
    if not available:
        pytest.skip(why)


def test_afile_output_holds_the_decoded_tone(
        vlc_or_skip: None, short_ogg: Path, tmp_path: Path, tone_hz: float, record, wait_for) -> None:
    out = tmp_path / "out.wav"
    player = VlcPlayer(["--aout=afile", f"--audiofile-file={out}"])
    events = record(player)
    try:
        player.play(str(short_ogg))
        wait_for(lambda: events.finished)
    finally:
        player.close()  # closes the WAV so its header carries the final length
    with wave.open(str(out), "rb") as written:
        rate, channels, width = written.getframerate(), written.getnchannels(), written.getsampwidth()
        frames = written.readframes(written.getnframes())
    kind = {2: np.int16, 4: np.float32}[width]
    samples = np.frombuffer(frames, dtype=kind).reshape(-1, channels)[:, 0].astype(np.float64)
    if kind is np.int16:
        samples /= 32768.0
    assert len(samples) / rate == pytest.approx(1.5, abs=0.2)
    assert np.sqrt(np.mean(samples**2)) > 0.2  # the 0.4-amplitude sine has an RMS of 0.28
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.fft.rfftfreq(samples.size, 1 / rate)[np.argmax(spectrum)] == pytest.approx(tone_hz, abs=5)


def test_without_libvlc_the_app_gets_a_silent_player_and_install_advice(tmp_path: Path) -> None:
    script = (
        "import json\n"
        "from emotune.player.vlc_player import vlc_available\n"
        "from emotune.player.factory import create_player\n"
        "ok, message = vlc_available()\n"
        "player = create_player('vlc', vlc_args=['--aout=dummy'])\n"
        "print(json.dumps([ok, message, player.name, player.reason]))\n"
    )
    env = {**os.environ, "PYTHON_VLC_LIB_PATH": str(tmp_path / "no-such-libvlc.so")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    ok, message, name, reason = json.loads(done.stdout.strip().splitlines()[-1])
    assert (ok, name) == (False, "null")
    for advice in ("sudo apt install libvlc5 vlc-plugin-base", "brew install --cask vlc", "-bit version"):
        assert advice in message and advice in reason
    assert reason.startswith("VLC is not installed")
