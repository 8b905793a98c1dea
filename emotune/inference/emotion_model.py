"""The shipped emotion CNN, run with onnxruntime.

One session is built once with explicit providers and one intra-op thread (the camera loop runs beside
the UI and must stay cheap). ``preprocess`` is the single definition of what the network sees; the
training code imports it, so training and app can never drift apart.
"""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from emotune.errors import ModelError
from emotune.mood_space import EMOTIONS
from emotune.paths import model_path

INPUT_SIZE = 48
"""The network sees a 48x48 grayscale face, the framing and size of FER2013."""

DEFAULT_MODEL_FILE = "emotion.onnx"

CLASS_PRIOR_KEY = "class_prior"
"""ONNX metadata: JSON list of the 7 label frequencies the model's probabilities are calibrated to."""


def preprocess(faces_gray: np.ndarray | list[np.ndarray]) -> np.ndarray:
    """Grayscale face crop(s), uint8 of any size -> float32 batch (N, 1, 48, 48) in [0, 1].

    Normalisation beyond [0, 1] happens inside the network, so callers need know nothing more.
    """
    if isinstance(faces_gray, np.ndarray) and (faces_gray.ndim == 2 or
                                               (faces_gray.ndim == 3 and faces_gray.shape[2] in (3, 4))):
        faces_gray = [faces_gray]  # one face (gray, or a BGR crop), not a batch
    batch = np.empty((len(faces_gray), 1, INPUT_SIZE, INPUT_SIZE), dtype=np.float32)
    for i, face in enumerate(faces_gray):
        if face.ndim == 3:
            face = cv2.cvtColor(face, cv2.COLOR_BGR2GRAY)
        if face.shape != (INPUT_SIZE, INPUT_SIZE):
            interpolation = cv2.INTER_AREA if face.shape[0] > INPUT_SIZE else cv2.INTER_LINEAR
            face = cv2.resize(face, (INPUT_SIZE, INPUT_SIZE), interpolation=interpolation)
        batch[i, 0] = face.astype(np.float32) * (1.0 / 255.0)
    return batch


class EmotionClassifier:
    """Seven calibrated emotion probabilities (``EMOTIONS`` order) for grayscale face crops."""

    labels: tuple[str, ...] = EMOTIONS

    def __init__(self, path: Path | None = None, threads: int = 1) -> None:
        import onnxruntime as ort

        self.path = Path(path) if path else model_path(DEFAULT_MODEL_FILE)
        if not self.path.exists():
            raise ModelError("Emotion model missing",
                             f"The emotion model {self.path} is not there. It ships with Emotune in models/; "
                             "reinstall Emotune or restore the file from the repository.")
        # ORT_DISABLE_TELEMETRY (emotune/__init__.py) stops the writes; this stops the events, should
        # onnxruntime ever have been imported before emotune was.
        ort.disable_telemetry_events()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        try:
            self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own untyped errors
            raise ModelError("Emotion model unreadable",
                             f"onnxruntime could not load {self.path}: {error}") from error
        self.input_name = self.session.get_inputs()[0].name
        self.class_prior = self._read_class_prior()

    def _read_class_prior(self) -> np.ndarray | None:
        """The calibration prior recorded in the model file, or None (then treated as uniform)."""
        text = self.session.get_modelmeta().custom_metadata_map.get(CLASS_PRIOR_KEY)
        if text is None:
            return None
        try:
            prior = np.asarray(json.loads(text), dtype=np.float64)
        except ValueError as error:
            raise ModelError("Emotion model unreadable", f"{self.path}: bad {CLASS_PRIOR_KEY} metadata: {error}") from error
        if prior.shape != (len(EMOTIONS),) or np.any(prior <= 0):
            raise ModelError("Emotion model unreadable",
                             f"{self.path}: {CLASS_PRIOR_KEY} must be {len(EMOTIONS)} positive frequencies")
        return prior / prior.sum()

    def run(self, batch: np.ndarray) -> np.ndarray:
        """(N, 1, 48, 48) float32 -> (N, 7) probabilities."""
        return self.session.run(None, {self.input_name: batch})[0]

    @staticmethod
    def postprocess(probabilities: np.ndarray) -> list[dict[str, float]]:
        return [dict(zip(EMOTIONS, map(float, row))) for row in probabilities]

    def predict(self, faces_gray: np.ndarray | list[np.ndarray]) -> np.ndarray:
        """Face crop(s) -> (N, 7) probabilities; the one call the pipeline needs."""
        return self.run(preprocess(faces_gray))
