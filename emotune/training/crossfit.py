"""Join the soft predictions of a teacher's fold runs into one cross-fitted teacher file.

    python -m emotune.training.crossfit artifacts/vgg32-s16-f0.npz artifacts/vgg32-s16-f1.npz \\
        --out models/teachers/vgg32-s16-cf2.npz

A teacher's soft predictions on the faces it trained on sit close to their (noisy) labels, so a
student distilled from them learns little that the labels do not already say. Each fold run
(``train --folds N --fold K --soft-out``) never saw its held-out rows; this keeps, for every Training
row, the logits of the run that held it out, and averages the runs' PublicTest logits. The result
has the format ``train --teacher`` reads.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np


def join_folds(paths: list[Path]) -> dict[str, np.ndarray]:
    """The cross-fitted arrays; SystemExit unless every Training row is held out by exactly one file."""
    training: np.ndarray | None = None
    covered: np.ndarray | None = None
    publics = []
    for path in paths:
        with np.load(path) as saved:
            if "held_out" not in saved or not saved["held_out"].any():
                raise SystemExit(f"{path}: not a fold run (train --folds N --fold K --soft-out)")
            logits, held_out = saved["training"], saved["held_out"]
            publics.append(saved["public"].astype(np.float32))
        if training is None:
            training, covered = np.zeros_like(logits), np.zeros(len(logits), dtype=np.int64)
        if len(logits) != len(training):
            raise SystemExit(f"{path}: {len(logits)} Training rows, {paths[0]} has {len(training)}")
        training[held_out] = logits[held_out]
        covered += held_out
    if (covered != 1).any():
        raise SystemExit(f"{int((covered == 0).sum())} Training rows held out by no file, "
                         f"{int((covered > 1).sum())} by more than one: give each fold once")
    return {"training": training, "public": np.mean(publics, axis=0).astype(np.float16)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folds", type=Path, nargs="+", help="the fold runs' --soft-out files")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    joined = join_folds(args.folds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **joined, meta=json.dumps({"cross_fitted_from": [p.name for p in args.folds]}))
    print(f"{len(args.folds)} folds -> {args.out} ({args.out.stat().st_size / 1e3:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
