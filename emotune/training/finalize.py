"""Calibrate a trained checkpoint on PublicTest and export it, with or without mirrored-face averaging.

    python -m emotune.training.finalize --checkpoint artifacts/emotion_full.pt --data data_cache/fer2013.npz \
        --flip-average --out models/emotion.onnx

``train`` ends with the same calibration and export (without averaging); this step lets the averaging
decision be made on a finished run without training again.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from emotune.inference.emotion_model import preprocess
from emotune.training.export import export_onnx, label_frequencies
from emotune.training.fer_data import load_cache
from emotune.training.model import EmotionNet
from emotune.training.train import fit_calibration, predict_logits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--flip-average", action="store_true")
    args = parser.parse_args(argv)
    saved = torch.load(args.checkpoint, map_location="cpu")
    model = EmotionNet(tuple(saved["widths"]))
    state = saved["state"]
    state.setdefault("class_bias", torch.zeros(7))  # checkpoints from before per-class calibration
    missing = model.load_state_dict(state, strict=False).missing_keys
    if set(missing) - {"ferplus_head.weight", "ferplus_head.bias"}:  # older checkpoints lack only that head
        raise SystemExit(f"{args.checkpoint}: missing {missing}")
    model.flip_average = args.flip_average
    public = load_cache(args.data).select("PublicTest")
    inputs, labels = torch.from_numpy(preprocess(list(public.pixels))), torch.from_numpy(public.labels)
    logits = predict_logits(model, inputs)
    temperature, bias = fit_calibration(logits, labels)
    model.temperature.fill_(temperature)
    model.class_bias.copy_(bias)
    export_onnx(model, args.out, label_frequencies(public.labels))
    accuracy = float((logits.argmax(1) == labels).float().mean())
    print(f"epoch {saved['epoch']} flip_average={args.flip_average} PublicTest accuracy {accuracy:.4f} "
          f"temperature {temperature:.3f} class bias {[round(v, 3) for v in bias.tolist()]} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
