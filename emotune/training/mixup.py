"""Mixup (Zhang et al. 2018) for long runs: each batch is blended with a shuffled copy of itself.

#12 asks for it once runs last 60 or more epochs, where the fixed augmentation alone lets the network
start to memorise the Training faces. The main target is already a distribution (the smoothed label
mixed with the teachers'), so the blend of two targets is the target of the blended faces. The FER+
head learns a blended face only where both faces have crowd votes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class Batch:
    inputs: torch.Tensor  # (N, 1, 48, 48)
    targets: torch.Tensor  # (N, 7) main-head distribution
    ferplus: torch.Tensor  # (N, 7) FER+ vote distribution
    voted: torch.Tensor  # (N,) bool: the face has FER+ votes


def mixing_share(rng: np.random.Generator, alpha: float) -> float:
    """The weight of the original faces in a blend, drawn from Beta(alpha, alpha)."""
    return float(rng.beta(alpha, alpha))


def mix(batch: Batch, share: float, order: torch.Tensor) -> Batch:
    """``share`` × the batch + (1 − ``share``) × the batch in ``order``."""
    def blend(values: torch.Tensor) -> torch.Tensor:
        return share * values + (1.0 - share) * values[order]

    return Batch(blend(batch.inputs), blend(batch.targets), blend(batch.ferplus), batch.voted & batch.voted[order])
