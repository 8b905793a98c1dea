"""Cross-fitted teachers: each Training row's soft prediction comes from the run that never saw it."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from emotune.training.crossfit import join_folds, main


def _fold_file(path: Path, rows: int, folds: int, fold: int, value: float) -> Path:
    held_out = np.arange(rows) % folds == fold
    np.savez_compressed(path, training=np.full((rows, 7), value, np.float16),
                        public=np.full((3, 7), value, np.float16), held_out=held_out)
    return path


def test_each_row_takes_the_logits_of_the_run_that_held_it_out(tmp_path: Path) -> None:
    paths = [_fold_file(tmp_path / f"f{k}.npz", 10, 2, k, float(k + 1)) for k in range(2)]
    out = tmp_path / "cf.npz"
    assert main([str(p) for p in paths] + ["--out", str(out)]) == 0
    with np.load(out) as joined:
        np.testing.assert_array_equal(joined["training"][:, 0], [1, 2] * 5)
        np.testing.assert_allclose(joined["public"], 1.5)


def test_a_missing_or_repeated_fold_is_refused(tmp_path: Path) -> None:
    first = _fold_file(tmp_path / "f0.npz", 10, 2, 0, 1.0)
    with pytest.raises(SystemExit, match="5 Training rows held out by no file"):
        join_folds([first])
    with pytest.raises(SystemExit, match="by more than one"):
        join_folds([first, first, _fold_file(tmp_path / "f1.npz", 10, 2, 1, 2.0)])


def test_a_whole_data_teacher_is_not_a_fold(tmp_path: Path) -> None:
    whole = tmp_path / "whole.npz"
    np.savez_compressed(whole, training=np.zeros((4, 7), np.float16), public=np.zeros((3, 7), np.float16))
    with pytest.raises(SystemExit, match="not a fold run"):
        join_folds([whole])
