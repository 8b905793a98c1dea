"""Export a trained EmotionNet to ONNX: (N, 1, 48, 48) float32 in [0, 1] -> (N, 7) probabilities."""
from __future__ import annotations

from pathlib import Path

import torch

from emotune.inference.emotion_model import INPUT_SIZE
from emotune.training.model import EmotionNet


def export_onnx(model: EmotionNet, path: Path) -> None:
    model = model.eval().to(memory_format=torch.contiguous_format)
    path.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.rand(1, 1, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(model, (dummy,), str(path), input_names=["face"], output_names=["probabilities"],
                      dynamic_axes={"face": {0: "batch"}, "probabilities": {0: "batch"}},
                      opset_version=17, dynamo=False)
