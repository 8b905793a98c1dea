"""Start a run from the weights of an exported model (the shipped ``models/emotion.onnx``).

A distillation run from scratch needs ~50 epochs, which fits a session only where the CPU has bf16;
continuing the shipped student on a stronger teacher's targets takes a fraction of that. The exported
graph has each batch norm folded into its convolution (a weight and a bias), so the convolutions take
the folded weights and each batch norm becomes the identity with the folded bias as its shift
(running mean 0, variance 1 - eps: the network computes exactly what the file does). Such a network
must be trained with its batch norms frozen (``freeze_batch_norm``): batch statistics would replace
that identity by something else at the first step. The FER+ head is not in the file and starts fresh.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

from emotune.training.model import EmotionNet


def load_exported(model: EmotionNet, path: Path) -> None:
    """Copy the weights of the ONNX file at ``path`` (exported from an EmotionNet of the same widths)
    into ``model``, calibration included; raise ValueError when the shapes do not match."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    arrays = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.initializer}
    # The exporter keeps one copy of equal weights (the zero biases of an untrained network) and
    # names the others through Identity nodes.
    arrays.update({node.output[0]: arrays[node.input[0]] for node in graph.node
                   if node.op_type == "Identity" and node.input[0] in arrays})
    folded = [(arrays[node.input[1]], arrays[node.input[2]]) for node in graph.node if node.op_type == "Conv"]
    gemms = [node for node in graph.node if node.op_type == "Gemm"]
    convs = [m for m in model.features.modules() if isinstance(m, nn.Conv2d)]
    norms = [m for m in model.features.modules() if isinstance(m, nn.BatchNorm2d)]
    if len(folded) != len(convs) or len(gemms) != 1:
        raise ValueError(f"{path}: {len(folded)} convolutions and {len(gemms)} linear layers, "
                         f"the network has {len(convs)} and 1")
    with torch.no_grad():
        for conv, norm, (weight, bias) in zip(convs, norms, folded):
            _copy(conv.weight, weight, path)
            norm.weight.fill_(1.0)
            _copy(norm.bias, bias, path)
            norm.running_mean.zero_()
            norm.running_var.fill_(1.0 - norm.eps)
        linear = model.head[3]
        _copy(linear.weight, arrays[gemms[0].input[1]], path)
        _copy(linear.bias, arrays[gemms[0].input[2]], path)
        model.temperature.fill_(float(arrays["temperature"]))
        _copy(model.class_bias, arrays["class_bias"], path)


def _copy(target: torch.Tensor, value: np.ndarray, path: Path) -> None:
    if tuple(target.shape) != value.shape:
        raise ValueError(f"{path}: a weight of shape {value.shape} where the network has {tuple(target.shape)}")
    target.copy_(torch.from_numpy(np.array(value, dtype=np.float32)))


def freeze_batch_norm(model: nn.Module) -> None:
    """Batch norms keep their running statistics (eval mode); their scale and shift still train.
    Call after every ``model.train()``."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.eval()
