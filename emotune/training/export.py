"""Export a trained EmotionNet to ONNX: (N, 1, 48, 48) float32 in [0, 1] -> (N, 7) probabilities.

The file also records, as ONNX metadata ``class_prior``, the label frequencies its probabilities are
calibrated to; the mood smoother divides part of that prior out (``emotune.inference.mood_smoother``).

    python -m emotune.training.export --data data_cache/fer2013.npz models/emotion.onnx

stamps that prior into an already exported model without touching its weights.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from emotune.inference.emotion_model import CLASS_PRIOR_KEY, INPUT_SIZE
from emotune.training.fer_data import load_cache
from emotune.training.model import EmotionNet


def label_frequencies(labels: np.ndarray, classes: int = 7) -> np.ndarray:
    counts = np.bincount(labels, minlength=classes).astype(np.float64)
    return counts / counts.sum()


def stamp_class_prior(path: Path, prior: np.ndarray) -> None:
    """Record ``prior`` in the model file's metadata, replacing any earlier one."""
    import onnx

    model = onnx.load(str(path))
    kept = [entry for entry in model.metadata_props if entry.key != CLASS_PRIOR_KEY]
    del model.metadata_props[:]
    model.metadata_props.extend(kept)
    entry = model.metadata_props.add()
    entry.key, entry.value = CLASS_PRIOR_KEY, json.dumps([round(float(p), 6) for p in prior])
    onnx.save(model, str(path))


def export_onnx(model: EmotionNet, path: Path, class_prior: np.ndarray) -> None:
    """Export ``model``; ``class_prior``: label frequencies of the split it was calibrated on."""
    model = model.eval().to(memory_format=torch.contiguous_format)
    path.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.rand(1, 1, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(model, (dummy,), str(path), input_names=["face"], output_names=["probabilities"],
                      dynamic_axes={"face": {0: "batch"}, "probabilities": {0: "batch"}},
                      opset_version=17, dynamo=False)
    stamp_class_prior(path, class_prior)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    parser.add_argument("--data", type=Path, required=True, help="cache from emotune.training.prepare")
    parser.add_argument("--usage", default="PublicTest", help="the split the model was calibrated on")
    args = parser.parse_args(argv)
    prior = label_frequencies(load_cache(args.data).select(args.usage).labels)
    stamp_class_prior(args.model, prior)
    print(f"{args.model}: class_prior {np.round(prior, 4).tolist()} from {args.usage}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
