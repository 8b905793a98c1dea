"""How far "Calibrate to my face" may move the model: ``python -m emotune.bench.face_calibration
[--model PATH] [--bounds 1.3,1.4,1.5,1.6,1.8] [--json]``.

Not a test: it weighs the bound ``MAX_OFFSET`` for a model. The synthetic listener is the PublicTest
faces labelled neutral that the model reads as sad (a face that looks sad at rest): the calibration
is learnt on every other one of them, as from a few seconds of that face, and measured on the rest of
them (neutral recall: how many now read neutral) and on every other PublicTest face (accuracy: what
the offset costs other people's clear expressions). For each bound (a factor, the offset's exp) one
row: recall before/after and accuracy before/after. A larger bound wins recall and costs accuracy;
the issue allows at most 1 point of accuracy.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from emotune.inference.emotion_model import EmotionClassifier
from emotune.inference.face_calibration import MAX_OFFSET, FaceCalibration
from emotune.mood_space import EMOTIONS
from emotune.paths import model_path
from tests.tools.face_video import read_fer_faces

NEUTRAL, SAD = EMOTIONS.index("neutral"), EMOTIONS.index("sad")


def weigh_bounds(probabilities: np.ndarray, labels: np.ndarray, factors: list[float]) -> dict:
    """The synthetic listener's figures for each bound; ``probabilities`` (N, 7) for faces with ``labels``."""
    misread = np.flatnonzero((labels == NEUTRAL) & (probabilities.argmax(1) == SAD))
    calibrate_on, held_out = misread[::2], misread[1::2]
    rest = np.setdiff1d(np.arange(len(labels)), calibrate_on)
    rows = []
    for factor in factors:
        calibration = FaceCalibration.learn(probabilities[calibrate_on], max_offset=math.log(factor))
        rows.append({
            "bound_factor": factor,
            "held_out_neutral_recall_after": float((calibration.apply(probabilities[held_out]).argmax(1)
                                                    == NEUTRAL).mean()),
            "accuracy_after": float((calibration.apply(probabilities[rest]).argmax(1) == labels[rest]).mean()),
        })
    accuracy_before = float((probabilities[rest].argmax(1) == labels[rest]).mean())
    for row in rows:
        row["accuracy_change_points"] = round(100 * (row["accuracy_after"] - accuracy_before), 2)
    return {"misread_neutral_as_sad": len(misread), "calibrated_on": len(calibrate_on), "held_out": len(held_out),
            "held_out_neutral_recall_before": float((probabilities[held_out].argmax(1) == NEUTRAL).mean()),
            "accuracy_before": accuracy_before, "shipped_bound_factor": round(math.exp(MAX_OFFSET), 3), "bounds": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emotune.bench.face_calibration",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="an emotion ONNX model (default: the shipped one)")
    parser.add_argument("--bounds", default="1.3,1.4,1.5,1.6,1.8", help="bounds to weigh, as factors")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    faces = read_fer_faces("PublicTest")
    classifier = EmotionClassifier(args.model or model_path("emotion.onnx"))
    probabilities = classifier.predict([face.pixels for face in faces])
    figures = weigh_bounds(probabilities, np.array([face.label for face in faces]),
                           [float(value) for value in args.bounds.split(",")])
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{figures['misread_neutral_as_sad']} neutral faces read as sad; calibrated on "
          f"{figures['calibrated_on']}, measured on the other {figures['held_out']} and on every other face "
          f"(neutral recall before {figures['held_out_neutral_recall_before']:.0%}, "
          f"accuracy before {figures['accuracy_before']:.2%}; shipped bound {figures['shipped_bound_factor']})")
    for row in figures["bounds"]:
        print(f"  bound {row['bound_factor']:.2f}: neutral recall {row['held_out_neutral_recall_after']:.0%}, "
              f"accuracy {row['accuracy_after']:.2%} ({row['accuracy_change_points']:+.2f} points)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
