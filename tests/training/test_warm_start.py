"""An exported model's weights go back into a network that computes what the file computes."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="training needs the [train] extra (torch)")
pytest.importorskip("onnx", reason="training needs the [train] extra (onnx)")

WIDTHS = (8, 8, 16, 16)


def _trained_looking_model():
    """A small EmotionNet whose batch norms hold statistics and scales far from their defaults."""
    from emotune.training.model import EmotionNet

    torch.manual_seed(0)
    model = EmotionNet(WIDTHS)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
        model.temperature.fill_(0.6)
        model.class_bias.uniform_(-0.3, 0.3)
    return model.eval()


def test_the_loaded_network_computes_what_the_exported_file_computes(tmp_path: Path) -> None:
    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.training.export import export_onnx
    from emotune.training.model import EmotionNet
    from emotune.training.warm_start import freeze_batch_norm, load_exported

    path = tmp_path / "exported.onnx"
    export_onnx(_trained_looking_model(), path, np.full(7, 1 / 7))
    loaded = EmotionNet(WIDTHS)
    load_exported(loaded, path)
    faces = torch.rand(16, 1, 48, 48)
    from_file = EmotionClassifier(path).session.run(None, {"face": faces.numpy()})[0]
    with torch.no_grad():
        np.testing.assert_allclose(loaded.eval()(faces).numpy(), from_file, atol=1e-5)
        features = loaded.features(faces)
        loaded.train()
        freeze_batch_norm(loaded)  # training mode, but the folded identity stays
        np.testing.assert_allclose(loaded.features(faces).numpy(), features.numpy(), atol=1e-6)


def test_a_file_of_other_widths_is_refused(tmp_path: Path) -> None:
    from emotune.training.export import export_onnx
    from emotune.training.model import EmotionNet
    from emotune.training.warm_start import load_exported

    path = tmp_path / "exported.onnx"
    export_onnx(_trained_looking_model(), path, np.full(7, 1 / 7))
    with pytest.raises(ValueError, match="shape"):
        load_exported(EmotionNet((8, 16, 16, 32)), path)
