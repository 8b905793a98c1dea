"""The teacher-ensemble figures the model card quotes: accuracy alone and averaged, shared mistakes."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from emotune.training import ensembles
from emotune.training.fer_data import load_cache


def _teacher(path: Path, predicted: np.ndarray, confidence: float = 2.0) -> Path:
    logits = np.zeros((len(predicted), 7), np.float16)
    logits[np.arange(len(predicted)), predicted] = confidence
    np.savez_compressed(path, training=np.zeros((1, 7), np.float16), public=logits)
    return path


def test_accuracy_ensembles_and_shared_mistakes(public_cache: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    labels = load_cache(public_cache).select("PublicTest").labels
    half = np.arange(len(labels)) < len(labels) // 2
    wrong = (labels + 1) % 7
    right = _teacher(tmp_path / "right.npz", labels, confidence=4.0)  # the surest: it wins every pair
    first_half = _teacher(tmp_path / "first_half.npz", np.where(half, labels, wrong))
    never = _teacher(tmp_path / "never.npz", wrong)
    assert ensembles.main([str(right), str(first_half), str(never), "--data", str(public_cache),
                           "--sizes", "2", "--top", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == ["right: 100.00%", f"first_half: {half.mean():.2%}", "never: 0.00%"]
    assert lines[3].startswith("right + ") and lines[3].endswith(": 100.00%")
    assert "mistakes shared by right and never: 0.0%" in lines
    assert f"mistakes shared by first_half and never: {(~half).sum() / len(labels):.1%}" in lines


def test_a_file_of_another_split_is_refused(public_cache: Path, tmp_path: Path) -> None:
    short = _teacher(tmp_path / "short.npz", np.zeros(3, np.int64))
    with pytest.raises(SystemExit, match="3 PublicTest rows"):
        ensembles.main([str(short), "--data", str(public_cache)])
