"""Evaluate the SHIPPED ONNX model on FER2013 rows through the app's own preprocessing.

Used by ``emotune evaluate``; needs onnxruntime and numpy only, so anyone can check the published
figures (the held-out PrivateTest figure included) without installing torch.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from emotune.inference.emotion_model import EmotionClassifier, preprocess
from emotune.mood_space import EMOTIONS
from emotune.training.fer_data import FerSplit
from emotune.training.metrics import (confusion_matrix, expected_calibration_error, macro_f1,
                                      per_class_recall)


@dataclass
class Evaluation:
    n: int
    accuracy: float
    macro_f1: float
    per_class_recall: dict[str, float]
    confusion: list[list[int]]
    ece: float
    ms_per_face_p50: float
    ms_per_face_p95: float
    ferplus_accuracy: float | None = None
    ferplus_n: int | None = None
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        data = {"n": self.n, "accuracy": self.accuracy, "macro_f1": self.macro_f1,
                "per_class_recall": self.per_class_recall, "confusion": self.confusion, "ece": self.ece,
                "ms_per_face_p50": self.ms_per_face_p50, "ms_per_face_p95": self.ms_per_face_p95}
        if self.ferplus_accuracy is not None:
            data["ferplus_accuracy"] = self.ferplus_accuracy
            data["ferplus_n"] = self.ferplus_n
        return data


def time_single_faces(classifier: EmotionClassifier, faces: np.ndarray, count: int = 300) -> tuple[float, float]:
    """Median and p95 milliseconds per face at batch 1 (preprocessing included), after a warm-up."""
    sample = faces[np.linspace(0, len(faces) - 1, min(count, len(faces))).astype(int)]
    for face in sample[:10]:
        classifier.predict(face)
    timings = []
    for face in sample:
        start = time.perf_counter()
        classifier.predict(face)
        timings.append((time.perf_counter() - start) * 1000.0)
    return float(np.median(timings)), float(np.percentile(timings, 95))


def evaluate(classifier: EmotionClassifier, split: FerSplit, use_ferplus: bool = False,
             batch_size: int = 256) -> Evaluation:
    if len(split) == 0:
        raise ValueError("no rows to evaluate")
    probabilities = np.concatenate([classifier.run(preprocess(list(split.pixels[i:i + batch_size])))
                                    for i in range(0, len(split), batch_size)])
    predictions = probabilities.argmax(axis=1)
    confusion = confusion_matrix(split.labels, predictions, len(EMOTIONS))
    p50, p95 = time_single_faces(classifier, split.pixels)
    result = Evaluation(
        n=len(split),
        accuracy=float((predictions == split.labels).mean()),
        macro_f1=macro_f1(confusion),
        per_class_recall=dict(zip(EMOTIONS, map(float, per_class_recall(confusion)))),
        confusion=confusion.tolist(),
        ece=expected_calibration_error(probabilities, split.labels),
        ms_per_face_p50=p50,
        ms_per_face_p95=p95,
    )
    if use_ferplus:
        majority = split.ferplus_majority()
        known = majority >= 0
        result.ferplus_n = int(known.sum())
        result.ferplus_accuracy = float((predictions[known] == majority[known]).mean()) if known.any() else 0.0
    return result


def format_report(result: Evaluation, model_path: Path, usage: str) -> str:
    lines = [f"Model {model_path} on {result.n} {usage} faces",
             f"  accuracy        {result.accuracy:.4f}",
             f"  macro-F1        {result.macro_f1:.4f}",
             f"  ECE (15 bins)   {result.ece:.4f}"]
    if result.ferplus_accuracy is not None:
        lines.append(f"  FER+ majority   {result.ferplus_accuracy:.4f}  ({result.ferplus_n} faces with a 7-class majority)")
    lines.append(f"  ms per face     p50 {result.ms_per_face_p50:.2f}  p95 {result.ms_per_face_p95:.2f}  (batch 1, 1 thread)")
    lines.append("  per-class recall " + "  ".join(f"{k} {v:.3f}" for k, v in result.per_class_recall.items()))
    width = max(len(e) for e in EMOTIONS)
    lines.append("  confusion (rows = true, columns = predicted)")
    lines.append("  " + " " * width + "".join(f"{e[:7]:>9}" for e in EMOTIONS))
    for emotion, row in zip(EMOTIONS, result.confusion):
        lines.append(f"  {emotion:>{width}}" + "".join(f"{v:>9}" for v in row))
    return "\n".join(lines)
