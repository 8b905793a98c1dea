"""Build the compact uint8 cache of FER2013 + FER+ that training reads (git-ignored `data_cache/`).

    python -m emotune.training.prepare --fer ../shared/datasets/fer2013/fer2013.csv.gz \
        --ferplus ../shared/datasets/fer2013/fer2013new.csv --out data_cache/fer2013.npz
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from emotune.training.fer_data import read_fer_csv, save_cache


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fer", type=Path, required=True, help="fer2013.csv or fer2013.csv.gz")
    parser.add_argument("--ferplus", type=Path, help="fer2013new.csv (FER+ votes), optional")
    parser.add_argument("--out", type=Path, default=Path("data_cache/fer2013.npz"))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    split = read_fer_csv(args.fer, args.ferplus)
    save_cache(split, args.out)
    counts = {usage: int((split.usage == usage).sum()) for usage in sorted(set(split.usage))}
    print(f"{len(split)} faces {counts} -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
