"""``emotune analyze`` over a generated video, run as a person would run it."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from emotune.mood_space import EMOTIONS


def analyze(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "emotune", "analyze", *args], capture_output=True, text=True,
                          timeout=120)


def test_jsonl_has_one_object_per_frame_and_a_summary(face_video) -> None:
    path, boxes = face_video
    done = analyze(str(path), "--jsonl", "--max-frames", "30")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    frames, summary = lines[:-1], lines[-1]["summary"]
    assert [f["frame"] for f in frames] == list(range(30))
    assert [f["t"] for f in frames] == pytest.approx([i / 15 for i in range(30)], abs=1e-4)
    for record in frames:
        assert set(record) == {"frame", "t", "faces", "probs", "mood", "ms"}
        if record["probs"] is not None:
            assert list(record["probs"]) == list(EMOTIONS)
            assert sum(record["probs"].values()) == pytest.approx(1, abs=1e-3)
        assert all(len(box) == 4 for box in record["faces"])
    with_face = sum(f["probs"] is not None for f in frames)
    assert with_face >= 27
    assert frames[-1]["mood"] in EMOTIONS
    assert summary["frames"] == 30 and summary["frames_with_face"] == with_face
    assert 0 < summary["ms_p50"] <= summary["ms_p95"] and summary["fps"] > 0


def test_missing_video_is_a_message_not_a_traceback(tmp_path) -> None:
    done = analyze(str(tmp_path / "absent.mp4"))
    assert done.returncode == 2
    assert "Video not found" in done.stderr and "Traceback" not in done.stderr
