"""A run resumes from its checkpoint, also one written before a later option existed, and refuses
another run's checkpoint."""
from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")
pytest.importorskip("onnx", reason="training needs the [train] extra (onnx)")


def test_an_older_checkpoint_resumes_and_another_runs_is_refused(training_slice: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from emotune.training import train

    run_dir = tmp_path / "run"
    command = ["--data", str(training_slice), "--widths", "8,16,16,32", "--batch-size", "64", "--threads", "1",
               "--epochs", "1", "--run-dir", str(run_dir), "--out", str(tmp_path / "m.onnx")]
    assert train.main(command) == 0
    path = run_dir / "checkpoint.pt"
    saved = torch.load(path, weights_only=False)
    del saved["run_key"]["pool_grid"], saved["run_key"]["swa_lr"]  # options added later, at their defaults
    saved["ema"] = saved.pop("averaged")  # and the average's older name
    torch.save(saved, path)
    capsys.readouterr()
    assert train.main(command) == 0
    assert "resuming" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="another run"):
        train.main(command + ["--pool-grid", "2"])
