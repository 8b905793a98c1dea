"""The emotion CNN: a small VGG-style network sized for < 3 ms per face on one CPU thread.

Four stages of 3x3 convolutions with batch norm, max-pooling between them, average pooling and one
linear layer (with ``blur_pool``, each max-pool anti-aliased by ``BlurPool``). ``pool_grid`` 1 pools
the last feature map globally; 2 keeps its four quadrants apart (brows and eyes above, mouth below,
where a global pool cannot tell where on the face a feature fired) for 4x the linear weights, a
few thousand multiply-adds: nothing against the convolutions. A second linear
head on the same pooled features learns the FER+ crowd-vote distribution during training; it is not
part of ``forward`` and so never reaches the exported file. Input is what
``emotune.inference.emotion_model.preprocess`` produces; the input normalisation and the calibration
(a temperature and one bias per class) are part of the network, so the exported ONNX file maps
[0, 1] pixels straight to calibrated probabilities.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

FER_MEAN = 0.5077
FER_STD = 0.2550
"""Pixel mean/std of FER2013 Training in [0, 1]."""


class BlurPool(nn.Module):
    """Max-pooling made shift-consistent (Zhang 2019, "Making convolutional networks shift-invariant
    again"): a 2x2 max at stride 1, then a fixed [1, 2, 1] binomial blur at stride 2.

    A plain stride-2 max-pool answers differently when the face moves by one pixel; the blur removes
    that aliasing. It did not close the gap between one view and six averaged ones (model card,
    teacher 9), so it stays off by default. No trained weights: a seed starts the other layers as it
    would without it.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [1, 2, 1] / 4 is [1, 1] / 2 twice: two 2x2 averages, the second at stride 2 (pooling runs
        # several times faster than a depthwise convolution on a CPU). The padded max gives n + 1 rows,
        # the first average n again, the second n / 2.
        x = F.max_pool2d(x, 2, stride=1, padding=1)
        return F.avg_pool2d(F.avg_pool2d(x, 2, stride=1), 2, stride=2)


def _conv(in_ch: int, out_ch: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(in_ch, out_ch, 3, padding=1, bias=False), nn.BatchNorm2d(out_ch),
                         nn.ReLU(inplace=True))


class EmotionNet(nn.Module):
    def __init__(self, widths: tuple[int, int, int, int] = (16, 32, 64, 128), convs_per_stage: int = 2,
                 dropout: float = 0.3, num_classes: int = 7, blur_pool: bool = False, pool_grid: int = 1) -> None:
        super().__init__()
        layers: list[nn.Module] = [_conv(1, widths[0])]
        in_ch = widths[0]
        for stage, width in enumerate(widths):
            for _ in range(convs_per_stage if stage else convs_per_stage - 1):
                layers.append(_conv(in_ch, width))
                in_ch = width
            if stage < len(widths) - 1:
                layers.append(BlurPool() if blur_pool else nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        pooled = in_ch * pool_grid * pool_grid
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(pool_grid), nn.Flatten(), nn.Dropout(dropout),
                                  nn.Linear(pooled, num_classes))
        self.ferplus_head = nn.Linear(pooled, num_classes)
        """Training-only: FER+ vote distribution, a second task on the shared features."""
        self.register_buffer("temperature", torch.ones(()))
        self.register_buffer("class_bias", torch.zeros(num_classes))
        self.flip_average = False
        """When set, the logits are averaged with those of the mirrored face (test-time augmentation
        inside the exported graph: one batch-of-two run, about 1.5x the cost of one face)."""

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        if self.flip_average:
            both = self.head(self.features((torch.cat([x, x.flip(3)]) - FER_MEAN) / FER_STD))
            return (both[: x.shape[0]] + both[x.shape[0]:]) / 2
        return self.head(self.features((x - FER_MEAN) / FER_STD))

    def both_logits(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(FER2013 logits, FER+ logits) for training; the two heads share every other layer."""
        pooled = self.head[:3](self.features((x - FER_MEAN) / FER_STD))
        return self.head[3](pooled), self.ferplus_head(pooled)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Calibrated probabilities (what the app consumes)."""
        return torch.softmax(self.logits(x) / self.temperature + self.class_bias, dim=1)
