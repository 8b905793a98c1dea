"""Reading FER2013 (Kaggle CSV) and the FER+ crowd votes, and the compact uint8 cache built from them.

The cache (`python -m emotune.training.prepare`) stores pixels as uint8 so a training machine neither
parses 85 MB of CSV text nor needs the original files; it is plain numpy, so evaluation needs no torch.
"""
from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from emotune.mood_space import EMOTIONS

USAGES = ("Training", "PublicTest", "PrivateTest")
FERPLUS_COLUMNS = ("neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear",
                   "contempt", "unknown", "NF")
FERPLUS_TO_EMOTION = {"anger": "angry", "disgust": "disgust", "fear": "fear", "happiness": "happy",
                      "sadness": "sad", "surprise": "surprise", "neutral": "neutral"}
"""FER+ has 'contempt', 'unknown' and 'not a face' too; they have no FER2013 class and are dropped."""


@dataclass
class FerSplit:
    """Faces of one or more usages: pixels (N, 48, 48) uint8, labels (N,) int64 in EMOTIONS order,
    usage (N,) str, FER+ votes (N, 7) in EMOTIONS order (all zero where FER+ has no label), and the
    largest FER+ vote count among the classes FER2013 lacks (contempt, unknown, not a face)."""

    pixels: np.ndarray
    labels: np.ndarray
    usage: np.ndarray
    ferplus_votes: np.ndarray
    ferplus_other: np.ndarray

    def take(self, index: np.ndarray | slice) -> "FerSplit":
        return FerSplit(self.pixels[index], self.labels[index], self.usage[index], self.ferplus_votes[index],
                        self.ferplus_other[index])

    def select(self, usage: str) -> "FerSplit":
        return self.take(self.usage == usage)

    def __len__(self) -> int:
        return len(self.labels)

    def ferplus_majority(self) -> np.ndarray:
        """Index of the FER+ majority class per row, or -1 where the majority is not one of the 7
        classes (contempt, unknown, not a face), where there are no votes, or where two classes tie."""
        votes = self.ferplus_votes
        top = votes.max(axis=1)
        winners = (votes == top[:, None]).sum(axis=1)
        majority = votes.argmax(axis=1)
        majority[(top == 0) | (winners > 1) | (self.ferplus_other >= top)] = -1
        return majority


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_fer_csv(path: Path, ferplus_path: Path | None = None, usages: tuple[str, ...] | None = None,
                 limit: int | None = None) -> FerSplit:
    """Parse the Kaggle `emotion,pixels,Usage` CSV (optionally gzip'd) and, row for row, the FER+ votes.

    ``usages`` keeps only those rows; ``limit`` stops after that many kept rows (for quick tests).
    """
    ferplus_rows: list[list[str]] | None = None
    if ferplus_path is not None:
        with open(ferplus_path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            columns = [header.index(name) for name in FERPLUS_COLUMNS]
            ferplus_rows = [[row[i] for i in columns] for row in reader]
    order = [FERPLUS_COLUMNS.index(name) for name in
             (next(k for k, v in FERPLUS_TO_EMOTION.items() if v == emotion) for emotion in EMOTIONS)]
    pixels: list[np.ndarray] = []
    labels: list[int] = []
    usage: list[str] = []
    votes: list[np.ndarray] = []
    other: list[int] = []
    others = [FERPLUS_COLUMNS.index(name) for name in ("contempt", "unknown", "NF")]
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader)
        emotion_col, pixels_col, usage_col = (header.index(name) for name in ("emotion", "pixels", "Usage"))
        for row_index, row in enumerate(reader):
            if usages and row[usage_col] not in usages:
                continue
            face = np.array(row[pixels_col].split(), dtype=np.uint8)
            if face.size != 48 * 48:
                continue
            pixels.append(face.reshape(48, 48))
            labels.append(int(row[emotion_col]))
            usage.append(row[usage_col])
            row_votes = np.zeros(len(EMOTIONS), dtype=np.uint8)
            row_other = 0
            if ferplus_rows is not None and row_index < len(ferplus_rows):
                raw = ferplus_rows[row_index]
                row_votes = np.array([int(raw[i] or 0) for i in order], dtype=np.uint8)
                row_other = max(int(raw[i] or 0) for i in others)
            votes.append(row_votes)
            other.append(row_other)
            if limit is not None and len(labels) >= limit:
                break
    return FerSplit(
        pixels=np.stack(pixels) if pixels else np.zeros((0, 48, 48), np.uint8),
        labels=np.array(labels, dtype=np.int64),
        usage=np.array(usage),
        ferplus_votes=np.stack(votes) if votes else np.zeros((0, len(EMOTIONS)), np.uint8),
        ferplus_other=np.array(other, dtype=np.uint8),
    )


def save_cache(split: FerSplit, path: Path) -> None:
    """Pixels are stored as left-neighbour differences (PNG's 'Sub' filter): zlib then packs them ~20%
    smaller than raw, which keeps the cache under 60 MB."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pixel_deltas = np.diff(split.pixels.astype(np.int16), axis=2, prepend=0).astype(np.uint8)
    usage_codes = np.array([USAGES.index(u) for u in split.usage], dtype=np.uint8)
    np.savez_compressed(path, pixel_deltas=pixel_deltas, labels=split.labels.astype(np.uint8),
                        usage_codes=usage_codes, ferplus_votes=split.ferplus_votes,
                        ferplus_other=split.ferplus_other)


def load_cache(path: Path) -> FerSplit:
    with np.load(path) as data:
        pixels = np.cumsum(data["pixel_deltas"], axis=2, dtype=np.uint8)
        usage = np.array(USAGES)[data["usage_codes"]]
        other = data["ferplus_other"] if "ferplus_other" in data else np.zeros(len(pixels), np.uint8)
        return FerSplit(pixels, data["labels"].astype(np.int64), usage, data["ferplus_votes"], other)
