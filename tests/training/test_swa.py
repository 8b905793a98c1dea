"""Stochastic weight averaging continues an exported model: the equal average of each epoch's end."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")
pytest.importorskip("onnx", reason="training needs the [train] extra (onnx)")

WIDTHS = "8,16,16,32"


def _common(training_slice: Path, out: Path) -> list[str]:
    return ["--data", str(training_slice), "--widths", WIDTHS, "--batch-size", "64", "--threads", "1",
            "--ferplus-head-weight", "0", "--out", str(out)]


def test_swa_averages_every_epoch_end_and_exports_a_model(training_slice: Path, tmp_path: Path) -> None:
    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.training import train

    start = tmp_path / "start.onnx"
    assert train.main(_common(training_slice, start) + ["--epochs", "1"]) == 0
    out, run_dir = tmp_path / "swa.onnx", tmp_path / "run"
    assert train.main(_common(training_slice, out) + ["--epochs", "2", "--init", str(start), "--swa-lr", "1e-3",
                                                      "--run-dir", str(run_dir)]) == 0
    saved = torch.load(run_dir / "checkpoint.pt", weights_only=False)
    assert int(saved["averaged"]["n_averaged"]) == 2
    last = saved["model"]["features.1.0.weight"]
    average = saved["averaged"]["module.features.1.0.weight"]
    assert not torch.allclose(last, average)  # the mean of two epoch ends, not the last one
    probabilities = EmotionClassifier(out).predict([np.full((48, 48), 128, np.uint8)])
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert not np.allclose(EmotionClassifier(start).predict([np.full((48, 48), 128, np.uint8)]), probabilities)


def test_swa_without_a_model_to_continue_is_refused(training_slice: Path, tmp_path: Path) -> None:
    from emotune.training import train

    with pytest.raises(SystemExit):
        train.main(_common(training_slice, tmp_path / "x.onnx") + ["--epochs", "1", "--swa-lr", "1e-3"])
