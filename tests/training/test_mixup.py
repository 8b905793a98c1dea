"""Mixup blends faces, targets and FER+ votes alike, and a run with it trains and exports."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")


def _batch():
    from emotune.training.mixup import Batch

    inputs = torch.arange(3 * 48 * 48, dtype=torch.float32).reshape(3, 1, 48, 48)
    targets = torch.eye(7)[[3, 4, 6]]
    ferplus = torch.eye(7)[[3, 3, 0]]
    return Batch(inputs, targets, ferplus, torch.tensor([True, True, False]))


def test_a_blend_mixes_faces_and_targets_by_the_same_share_and_keeps_votes_only_where_both_have_them():
    from emotune.training.mixup import mix

    batch, order = _batch(), torch.tensor([1, 2, 0])
    mixed = mix(batch, 0.75, order)
    torch.testing.assert_close(mixed.inputs[0], 0.75 * batch.inputs[0] + 0.25 * batch.inputs[1])
    torch.testing.assert_close(mixed.targets[0], torch.tensor([0, 0, 0, 0.75, 0.25, 0, 0]))
    torch.testing.assert_close(mixed.targets.sum(dim=1), torch.ones(3))  # still distributions
    assert mixed.voted.tolist() == [True, False, False]  # face 1 is blended with face 2, which has no votes


def test_a_share_of_one_leaves_the_batch_as_it_was():
    from emotune.training.mixup import mix

    batch = _batch()
    mixed = mix(batch, 1.0, torch.tensor([2, 0, 1]))
    torch.testing.assert_close(mixed.inputs, batch.inputs)
    torch.testing.assert_close(mixed.targets, batch.targets)


def test_shares_follow_the_beta_distribution_they_are_drawn_from():
    from emotune.training.mixup import mixing_share

    rng = np.random.default_rng(0)
    shares = np.array([mixing_share(rng, 0.4) for _ in range(4000)])
    assert shares.min() >= 0 and shares.max() <= 1
    assert abs(shares.mean() - 0.5) < 0.03
    assert np.mean((shares < 0.1) | (shares > 0.9)) > 0.3  # Beta(0.4, 0.4) puts most weight near the ends


def test_a_run_with_mixup_trains_checkpoints_its_draws_and_exports(training_slice: Path, tmp_path: Path) -> None:
    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.training import train

    out, run_dir = tmp_path / "mixup.onnx", tmp_path / "run"
    common = ["--data", str(training_slice), "--widths", "8,16,16,32", "--batch-size", "64", "--threads", "1",
              "--mixup", "0.4", "--run-dir", str(run_dir), "--out", str(out)]
    assert train.main(common + ["--epochs", "1"]) == 0
    saved = torch.load(run_dir / "checkpoint.pt", weights_only=False)
    assert saved["epoch"] == 1 and "mixing" in saved
    probabilities = EmotionClassifier(out).predict([np.full((48, 48), 128, np.uint8)])
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
