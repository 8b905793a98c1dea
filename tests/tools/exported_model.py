"""Check that an exported emotion model computes what the network it came from computes."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def export_and_check(model, path: Path):
    """Export ``model`` (an eval-mode EmotionNet) to ``path``, assert that the file gives the network's
    probabilities on random faces, and return those faces (a torch tensor). Needs the [train] extra."""
    import torch

    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.training.export import export_onnx

    export_onnx(model, path, np.full(7, 1 / 7))
    faces = torch.rand(5, 1, 48, 48)
    from_file = EmotionClassifier(path).session.run(None, {"face": faces.numpy()})[0]
    with torch.no_grad():
        np.testing.assert_allclose(model(faces).numpy(), from_file, atol=1e-5)
    return faces
