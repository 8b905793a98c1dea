"""How well the committed teachers agree with PublicTest, alone and averaged, and how their mistakes overlap.

    python -m emotune.training.ensembles --data data_cache/fer2013.npz models/teachers/*.npz

Whether a set of teachers is worth distilling is decided on these figures (#12 asks for a student once
the ensemble reaches 71 %), so the model card quotes this command's output rather than a one-off
script. An ensemble is the mean of each teacher's ``softmax(public / T)``; the overlap of two teachers
is the share of the faces either gets wrong that both get wrong (lower: more to gain from the pair).
"""
from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from emotune.training.fer_data import load_cache


def public_shares(path: Path, temperature: float) -> np.ndarray:
    """The teacher's tempered softmax over its PublicTest logits."""
    with np.load(path) as saved:
        logits = saved["public"].astype(np.float64) / temperature
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def ensemble_accuracy(shares: list[np.ndarray], labels: np.ndarray) -> float:
    return float((np.mean(shares, axis=0).argmax(axis=1) == labels).mean())


def mistake_overlap(a: np.ndarray, b: np.ndarray, labels: np.ndarray) -> float:
    wrong_a, wrong_b = a.argmax(axis=1) != labels, b.argmax(axis=1) != labels
    either = (wrong_a | wrong_b).sum()
    return float((wrong_a & wrong_b).sum() / either) if either else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("teachers", type=Path, nargs="+", help="soft-prediction files (train --soft-out)")
    parser.add_argument("--data", type=Path, required=True, help="cache from emotune.training.prepare")
    parser.add_argument("--temperature", type=float, default=2.0)
    parser.add_argument("--sizes", default="2,3,4", help="ensemble sizes to try")
    parser.add_argument("--top", type=int, default=4, help="best ensembles printed for each size")
    args = parser.parse_args(argv)
    labels = load_cache(args.data).select("PublicTest").labels
    shares = {path.stem: public_shares(path, args.temperature) for path in args.teachers}
    for name, share in shares.items():
        if len(share) != len(labels):
            raise SystemExit(f"{name}: {len(share)} PublicTest rows, the data has {len(labels)}")
        print(f"{name}: {ensemble_accuracy([share], labels):.2%}")
    for size in (int(s) for s in args.sizes.split(",")):
        ranked = sorted(((ensemble_accuracy([shares[n] for n in combo], labels), combo)
                         for combo in itertools.combinations(shares, size)), reverse=True)
        for accuracy, combo in ranked[:args.top]:
            print(f"{' + '.join(combo)}: {accuracy:.2%}")
    for a, b in itertools.combinations(shares, 2):
        print(f"mistakes shared by {a} and {b}: {mistake_overlap(shares[a], shares[b], labels):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
