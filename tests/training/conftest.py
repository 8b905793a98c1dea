"""Small real slices of FER2013 from ../shared, written as CSVs the commands under test read."""
from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "fer2013"
FER_CSV = SHARED / "fer2013.csv.gz"
FERPLUS_CSV = SHARED / "fer2013new.csv"


def _needs_shared() -> None:
    if not FER_CSV.exists():
        pytest.skip(f"FER2013 is not at {FER_CSV} (../shared beside the repository)")


@pytest.fixture(scope="session")
def public_slice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every 8th PublicTest row (about 450 faces) with its FER+ row, in the original formats."""
    _needs_shared()
    out = tmp_path_factory.mktemp("fer")
    fer_out, ferplus_out = out / "slice.csv", out / "slice_new.csv"
    with gzip.open(FER_CSV, "rt", newline="") as fer, open(FERPLUS_CSV, newline="") as ferplus, \
            open(fer_out, "w", newline="") as fer_w, open(ferplus_out, "w", newline="") as ferplus_w:
        fer_reader, ferplus_reader = csv.reader(fer), csv.reader(ferplus)
        fer_writer, ferplus_writer = csv.writer(fer_w), csv.writer(ferplus_w)
        fer_writer.writerow(next(fer_reader))
        ferplus_writer.writerow(next(ferplus_reader))
        public_index = 0
        for row, votes in zip(fer_reader, ferplus_reader):
            if row[2] != "PublicTest":
                continue
            if public_index % 8 == 0:
                fer_writer.writerow(row)
                ferplus_writer.writerow(votes)
            public_index += 1
    return fer_out, ferplus_out


@pytest.fixture(scope="session")
def training_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 400 Training rows and 100 PublicTest rows, for a one-epoch training smoke test."""
    _needs_shared()
    out = tmp_path_factory.mktemp("fer_train") / "train.csv"
    kept = {"Training": 0, "PublicTest": 0}
    wanted = {"Training": 400, "PublicTest": 100}
    with gzip.open(FER_CSV, "rt", newline="") as fer, open(out, "w", newline="") as handle:
        reader, writer = csv.reader(fer), csv.writer(handle)
        writer.writerow(next(reader))
        for row in reader:
            usage = row[2]
            if kept[usage] < wanted[usage]:
                writer.writerow(row)
                kept[usage] += 1
            if kept == wanted:
                break
    return out


@pytest.fixture(scope="session")
def public_cache(public_slice: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PublicTest slice as the npz cache that ``emotune.training.prepare`` writes."""
    from emotune.training import prepare

    cache = tmp_path_factory.mktemp("cache") / "slice.npz"
    fer, ferplus = public_slice
    assert prepare.main(["--fer", str(fer), "--ferplus", str(ferplus), "--out", str(cache)]) == 0
    return cache
