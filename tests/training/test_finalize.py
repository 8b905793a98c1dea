"""finalize re-calibrates an exported model whose checkpoint is gone, with or without the mirror."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")
pytest.importorskip("onnx", reason="training needs the [train] extra (onnx)")

WIDTHS = (8, 8, 16, 16)


@pytest.fixture(scope="module")
def exported_and_cache(public_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from emotune.training.export import export_onnx
    from emotune.training.model import EmotionNet

    out = tmp_path_factory.mktemp("finalize")
    torch.manual_seed(3)
    model = EmotionNet(WIDTHS)
    with torch.no_grad():  # batch norms as training leaves them, not at their defaults
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_var.uniform_(0.5, 2.0)
                module.bias.uniform_(-0.2, 0.2)
    exported = out / "exported.onnx"
    export_onnx(model.eval(), exported, np.full(7, 1 / 7))
    return exported, public_cache


def test_an_exported_model_is_recalibrated_and_mirror_averaged(exported_and_cache: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.training import finalize

    exported, cache = exported_and_cache
    out = tmp_path / "flip.onnx"
    assert finalize.main(["--exported", str(exported), "--widths", "8,8,16,16", "--data", str(cache),
                          "--flip-average", "--out", str(out)]) == 0
    faces = np.random.default_rng(0).random((3, 1, 48, 48), dtype=np.float32)
    session = EmotionClassifier(out).session
    probabilities = session.run(None, {"face": faces})[0]
    mirrored = session.run(None, {"face": np.ascontiguousarray(faces[..., ::-1])})[0]
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(mirrored, probabilities, atol=1e-5)  # a face and its mirror read the same
    original = EmotionClassifier(exported).session.run(None, {"face": faces})[0]
    assert not np.allclose(original, probabilities, atol=1e-3)


def test_an_exported_model_of_other_widths_is_refused_with_a_reason(exported_and_cache: tuple[Path, Path],
                                                                     tmp_path: Path) -> None:
    from emotune.training import finalize

    exported, cache = exported_and_cache
    with pytest.raises(SystemExit, match="widths"):
        finalize.main(["--exported", str(exported), "--widths", "8,16,16,32", "--data", str(cache),
                       "--out", str(tmp_path / "out.onnx")])
