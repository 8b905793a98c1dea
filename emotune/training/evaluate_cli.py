"""``emotune evaluate CSV``: accuracy, macro-F1, recall, confusion, ECE and latency of the shipped model."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from emotune.errors import EmotuneError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate", help="measure the shipped emotion model on FER2013 rows",
        description="Run the shipped ONNX emotion model, through the app's preprocessing, on every row "
                    "of one usage of a FER2013 CSV (Kaggle format, .csv or .csv.gz).")
    parser.add_argument("csv", type=Path, help="fer2013.csv(.gz) with emotion,pixels,Usage columns")
    parser.add_argument("--usage", default="PublicTest", choices=("PublicTest", "PrivateTest", "Training"))
    parser.add_argument("--ferplus", type=Path, metavar="FER2013NEW_CSV",
                        help="FER+ votes for the same rows; adds accuracy against the FER+ majority label")
    parser.add_argument("--model", type=Path, help="ONNX model (default: the shipped models/emotion.onnx)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from emotune.inference.emotion_model import EmotionClassifier
    from emotune.training.evaluate import evaluate, format_report
    from emotune.training.fer_data import read_fer_csv

    if not args.csv.exists():
        print(f"emotune evaluate: {args.csv} does not exist", file=sys.stderr)
        return 2
    try:
        classifier = EmotionClassifier(args.model)
    except EmotuneError as error:
        print(f"emotune evaluate: {error.detail}", file=sys.stderr)
        return 2
    split = read_fer_csv(args.csv, args.ferplus, usages=(args.usage,))
    if len(split) == 0:
        print(f"emotune evaluate: {args.csv} has no {args.usage} rows", file=sys.stderr)
        return 2
    result = evaluate(classifier, split, use_ferplus=args.ferplus is not None)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        print(format_report(result, classifier.path, args.usage))
    return 0
