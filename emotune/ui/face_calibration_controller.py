"""Calibrate to my face, in the window: reads the listener's relaxed face for ``CAPTURE_S``, learns the
bounded offset (``emotune.inference.face_calibration``), stores it with the settings and applies it to
the running pipeline. While it reads, the pipeline runs uncalibrated, so what is learnt is the face
itself and the before/after shown is true."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from emotune.errors import EmotuneError
from emotune.inference.face_calibration import MIN_FRAMES, FaceCalibration
from emotune.mood_space import EMOTIONS
from emotune.settings import Settings
from emotune.ui.perception_controller import PerceptionController

CAPTURE_S = 8.0


def _reading(probabilities: np.ndarray) -> str:
    best = int(np.argmax(probabilities))
    return f"{EMOTIONS[best].title()} {round(float(probabilities[best]) * 100)}%"


class FaceCalibrationController(QObject):
    started = Signal()
    finished = Signal(str)  # "Your relaxed face read Sad 45%; now Neutral 41%."
    failed = Signal(object)  # EmotuneError

    def __init__(self, perception: PerceptionController, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.perception = perception
        self.settings = settings
        self._readings: list[np.ndarray] = []
        self._previous = FaceCalibration.none()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._finish)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Read the relaxed face for ``CAPTURE_S``; a second start while reading changes nothing (the
        previous calibration stays the one to fall back to, and each reading counts once)."""
        if self.running:
            return
        pipeline = self.perception.pipeline
        if pipeline is None or not self.perception.running:
            self.failed.emit(EmotuneError("Turn the camera on first",
                                          "Calibration reads your relaxed face for a few seconds from the camera "
                                          "(or the video) that is running."))
            return
        self._readings = []
        self._previous, pipeline.calibration = pipeline.calibration, FaceCalibration.none()
        self.perception.result_ready.connect(self._result)
        self._timer.start(int(CAPTURE_S * 1000))
        self.started.emit()

    def reset(self) -> None:
        """Forget the calibration: the model reads the face as it is."""
        self.settings.set("face_calibration", {})
        if self.perception.pipeline is not None:
            self.perception.pipeline.calibration = FaceCalibration.none()

    def _result(self, result) -> None:
        if result.raw_probs is not None:
            self._readings.append(np.asarray(result.raw_probs, dtype=np.float64))

    def _finish(self) -> None:
        self.perception.result_ready.disconnect(self._result)
        pipeline = self.perception.pipeline
        if len(self._readings) < MIN_FRAMES:
            if pipeline is not None:
                pipeline.calibration = self._previous
            self.failed.emit(EmotuneError("No face to calibrate on",
                                          f"Only {len(self._readings)} readings of a face in {CAPTURE_S:.0f} s. Sit "
                                          "in front of the camera with a relaxed face and try again; the previous "
                                          "calibration is kept."))
            return
        calibration = FaceCalibration.learn(self._readings)
        before = np.mean(self._readings, axis=0)
        after = np.mean([calibration.apply(reading) for reading in self._readings], axis=0)
        self.settings.set("face_calibration", calibration.to_setting())
        if pipeline is not None:
            pipeline.calibration = calibration
        self.finished.emit(f"Your relaxed face read {_reading(before)}; calibrated, it reads {_reading(after)}.")
