"""Calibrate a trained checkpoint on PublicTest and export it, with or without mirrored-face averaging.

    python -m emotune.training.finalize --checkpoint artifacts/emotion_full.pt --data data_cache/fer2013.npz \
        --flip-average --out models/emotion.onnx
    python -m emotune.training.finalize --exported models/emotion.onnx --widths 32,64,128,256 \
        --data data_cache/fer2013.npz --flip-average --out artifacts/flip.onnx

``--exported`` starts from an exported file instead (its weights, ``warm_start``), for a model whose
checkpoint is gone; its old calibration is replaced by one fitted anew.

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
from emotune.training.warm_start import load_exported


def _from_checkpoint(path: Path) -> tuple[EmotionNet, str]:
    saved = torch.load(path, map_location="cpu")
    model = EmotionNet(tuple(saved["widths"]), blur_pool=saved.get("blur_pool", False),
                       pool_grid=saved.get("pool_grid", 1))
    state = saved["state"]
    state.setdefault("class_bias", torch.zeros(7))  # checkpoints from before per-class calibration
    missing = model.load_state_dict(state, strict=False).missing_keys
    if set(missing) - {"ferplus_head.weight", "ferplus_head.bias"}:  # older checkpoints lack only that head
        raise SystemExit(f"{path}: missing {missing}")
    return model, f"epoch {saved['epoch']}"


def _from_exported(path: Path, widths: tuple[int, ...], pool_grid: int) -> tuple[EmotionNet, str]:
    model = EmotionNet(widths, pool_grid=pool_grid)
    try:
        load_exported(model, path)
    except ValueError as error:
        raise SystemExit(f"{error} (are --widths and --pool-grid those it was trained with?)") from error
    return model, str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--checkpoint", type=Path, help="a run's checkpoint.pt")
    source.add_argument("--exported", type=Path, help="an exported ONNX model (needs --widths)")
    parser.add_argument("--widths", type=str, default="32,64,128,256", help="the exported model's widths")
    parser.add_argument("--pool-grid", type=int, default=1, help="the exported model's pooling grid")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--flip-average", action="store_true")
    args = parser.parse_args(argv)
    if args.checkpoint:
        model, origin = _from_checkpoint(args.checkpoint)
    else:
        model, origin = _from_exported(args.exported, tuple(int(w) for w in args.widths.split(",")), args.pool_grid)
    model.flip_average = args.flip_average
    public = load_cache(args.data).select("PublicTest")
    inputs, labels = torch.from_numpy(preprocess(list(public.pixels))), torch.from_numpy(public.labels)
    logits = predict_logits(model, inputs)
    temperature, bias = fit_calibration(logits, labels)
    model.temperature.fill_(temperature)
    model.class_bias.copy_(bias)
    export_onnx(model, args.out, label_frequencies(public.labels))
    accuracy = float((logits.argmax(1) == labels).float().mean())
    print(f"{origin} flip_average={args.flip_average} PublicTest accuracy {accuracy:.4f} "
          f"temperature {temperature:.3f} class bias {[round(v, 3) for v in bias.tolist()]} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
