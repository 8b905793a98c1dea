"""``emotune evaluate`` runs the shipped model on real FER2013 rows."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from emotune.mood_space import EMOTIONS

KEYS = {"n", "accuracy", "macro_f1", "per_class_recall", "confusion", "ece", "ms_per_face_p50",
        "ms_per_face_p95"}


def _evaluate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "emotune", "evaluate", *args], capture_output=True,
                          text=True, timeout=300)


def test_evaluate_json_on_public_slice(public_slice: tuple[Path, Path]) -> None:
    fer_csv, ferplus_csv = public_slice
    result = _evaluate(str(fer_csv), "--ferplus", str(ferplus_csv), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert KEYS | {"ferplus_accuracy"} <= set(report)
    rows = sum(1 for _ in open(fer_csv)) - 1
    assert report["n"] == rows
    assert sum(map(sum, report["confusion"])) == rows
    assert list(report["per_class_recall"]) == list(EMOTIONS)
    # Sane, not a copied figure: well above always answering the most common class (~25%).
    assert report["accuracy"] > 0.45
    assert report["ferplus_accuracy"] > report["accuracy"] - 0.05
    assert 0.0 <= report["ece"] < 0.15
    assert 0 < report["ms_per_face_p50"] <= report["ms_per_face_p95"]


def test_evaluate_reads_a_privatetest_only_csv(public_slice: tuple[Path, Path], tmp_path: Path) -> None:
    fer_csv, _ = public_slice
    private = tmp_path / "private.csv"
    with open(fer_csv, newline="") as source, open(private, "w", newline="") as target:
        reader, writer = csv.reader(source), csv.writer(target)
        writer.writerow(next(reader))
        for row in reader:
            writer.writerow([row[0], row[1], "PrivateTest"])
    result = _evaluate(str(private), "--usage", "PrivateTest")
    assert result.returncode == 0, result.stderr
    assert "accuracy" in result.stdout and "confusion" in result.stdout
    missing = _evaluate(str(private), "--usage", "PublicTest")
    assert missing.returncode == 2
    assert "no PublicTest rows" in missing.stderr


def test_evaluate_reports_a_missing_file(tmp_path: Path) -> None:
    result = _evaluate(str(tmp_path / "nope.csv"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
