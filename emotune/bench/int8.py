"""What int8 would buy an emotion model: ``python -m emotune.bench.int8 MODEL.onnx [MODEL.onnx …]``.

Not a test, and nothing here ships: it quantises each model with onnxruntime's static QDQ quantiser
(int8 weights per channel, uint8 activations, calibrated on 512 random Training faces) into
``MODEL-int8.onnx`` beside it, and measures the float and the int8 file one after the other with
``emotune evaluate``'s own code (PublicTest accuracy, macro-F1, ECE, ms a face at batch 1 on one
thread, preprocessing included). Needs the ``[train]`` extra (onnx) and ``data_cache/fer2013.npz``
(``emotune.training.prepare``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from emotune.inference.emotion_model import EmotionClassifier, preprocess
from emotune.training.evaluate import evaluate
from emotune.training.fer_data import load_cache

CALIBRATION_FACES = 512


def quantise(source: Path, calibration: np.ndarray) -> Path:
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Faces(CalibrationDataReader):
        def __init__(self) -> None:
            self._faces = iter(calibration[i:i + 1] for i in range(len(calibration)))

        def get_next(self) -> dict | None:
            face = next(self._faces, None)
            return None if face is None else {"face": face}

    prepared, out = source.with_name(source.stem + "-prepared.onnx"), source.with_name(source.stem + "-int8.onnx")
    quant_pre_process(str(source), str(prepared))
    quantize_static(str(prepared), str(out), Faces(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    prepared.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emotune.bench.int8", description=__doc__.split("\n\n")[0])
    parser.add_argument("models", type=Path, nargs="+")
    parser.add_argument("--data", type=Path, default=Path("data_cache/fer2013.npz"))
    args = parser.parse_args(argv)
    data = load_cache(args.data)
    training, public = data.select("Training"), data.select("PublicTest")
    chosen = np.random.default_rng(0).choice(len(training), CALIBRATION_FACES, replace=False)
    calibration = preprocess(list(training.pixels[chosen]))
    for source in args.models:
        for path in (source, quantise(source, calibration)):
            result = evaluate(EmotionClassifier(path), public)
            print(f"{path}: PublicTest {result.accuracy:.2%}, macro-F1 {result.macro_f1:.3f}, ECE {result.ece:.3f}, "
                  f"{result.ms_per_face_p50:.2f} / {result.ms_per_face_p95:.2f} ms a face (p50 / p95)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
