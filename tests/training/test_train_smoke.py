"""One epoch on a few hundred real rows, on the CPU; skipped when the [train] extra is absent."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")


def test_one_epoch_trains_and_exports_a_working_model(training_slice: Path, tmp_path: Path) -> None:
    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.training import train

    out = tmp_path / "smoke.onnx"
    assert train.main(["--data", str(training_slice), "--epochs", "1", "--widths", "8,16,16,32",
                       "--batch-size", "64", "--threads", "1", "--out", str(out)]) == 0
    classifier = EmotionClassifier(out)
    probabilities = classifier.predict([np.full((48, 48), 128, np.uint8), np.zeros((96, 96), np.uint8)])
    assert probabilities.shape == (2, 7)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert classifier.class_prior is not None and classifier.class_prior[3] > classifier.class_prior[1]  # happy > disgust


def test_training_feeds_the_network_through_the_apps_preprocess() -> None:
    from emotune.inference import emotion_model
    from emotune.training import train

    assert train.preprocess is emotion_model.preprocess


def test_a_fold_run_trains_without_its_fold_and_predicts_every_row(training_slice: Path, tmp_path: Path) -> None:
    import json

    from emotune.training import train

    soft, report = tmp_path / "fold1.npz", tmp_path / "fold1.json"
    assert train.main(["--data", str(training_slice), "--epochs", "1", "--widths", "8,16,16,32",
                       "--batch-size", "64", "--threads", "1", "--folds", "2", "--fold", "1",
                       "--soft-out", str(soft), "--report", str(report), "--out", str(tmp_path / "f.onnx")]) == 0
    assert json.loads(report.read_text())["train_rows"] == 200
    with np.load(soft) as saved:
        assert saved["training"].shape == (400, 7)
        np.testing.assert_array_equal(np.flatnonzero(saved["held_out"]), np.arange(1, 400, 2))
