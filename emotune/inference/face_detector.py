"""Face detection: YuNet (``cv2.FaceDetectorYN``) by default, a Haar cascade only as a fallback.

YuNet runs on a downscaled copy of the frame (320 px wide by default): a face of 100 px in a 640 px
webcam frame is still 50 px there, and detection costs a quarter of the full-resolution run. Small or
blurred faces are missed more often at that size, so two closer looks exist for when they matter:
``fine=True`` searches the whole frame at 480 px (while no face is followed yet: finding the listener
is worth a few milliseconds), and ``roi=...`` looks again inside a region at a higher resolution and a
lower score threshold (when the followed face was missed: a face that was there a moment ago is a
strong prior).

OpenCV 5 has no ``CascadeClassifier``; the fallback is offered only where the installed OpenCV has both
the class and its data files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from emotune.errors import ModelError
from emotune.inference.opencv_log import opencv_errors_only
from emotune.paths import model_path

YUNET_FILE = "face_detection_yunet_2023mar.onnx"
Box = tuple[int, int, int, int]
"""(x, y, w, h) in frame pixels."""


@dataclass(frozen=True)
class Face:
    """One detection. ``landmarks`` (5, 2) float32: right eye, left eye, nose, mouth right, mouth left
    (as seen from the camera: the subject's right eye is on the image's left); None from detectors
    that have none."""

    box: Box
    score: float
    landmarks: np.ndarray | None = None

    @property
    def area(self) -> int:
        return self.box[2] * self.box[3]


class FaceDetector(Protocol):
    detect_width: int  # working width of an ordinary whole-frame search

    def detect(self, frame_bgr: np.ndarray, roi: Box | None = None, fine: bool = False,
               working_width: int | None = None) -> list[Face]:
        """Faces in the frame, or only inside ``roi`` (searched more closely), in frame pixels;
        ``fine`` searches the whole frame at a higher resolution; ``working_width`` overrides the
        working width of the search, of the whole frame or of ``roi`` (it is never upscaled)."""


def clip_box(box: Box, width: int, height: int) -> Box:
    """``box`` cut to the frame; w or h is 0 when it lies wholly outside."""
    x0, y0 = max(0, box[0]), max(0, box[1])
    x1, y1 = min(width, box[0] + box[2]), min(height, box[1] + box[3])
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


DOWNSCALE = cv2.INTER_LINEAR
"""How the frame is shrunk for YuNet: bilinear costs 0.18 ms for 640 -> 224 px where INTER_AREA, at
a factor that is not whole, costs 2.3 ms, a third of the detection itself; YuNet finds faces as well."""

class YuNetDetector:
    """``cv2.FaceDetectorYN`` at a fixed working width, with boxes mapped back to the frame."""

    def __init__(self, path: Path | None = None, detect_width: int = 320, fine_width: int = 480,
                 score_threshold: float = 0.5, roi_score_threshold: float = 0.3, roi_width: int = 320,
                 nms_threshold: float = 0.3, top_k: int = 20) -> None:
        self.path = Path(path) if path else model_path(YUNET_FILE)
        if not self.path.exists():
            raise ModelError("Face detector model missing",
                             f"The face detector {self.path} is not there. It ships with Emotune in models/; "
                             "reinstall Emotune or restore the file from the repository.")
        self.detect_width = detect_width
        self.fine_width = fine_width
        self.score_threshold = score_threshold
        self.roi_score_threshold = roi_score_threshold
        self.roi_width = roi_width
        try:
            with opencv_errors_only():
                self._net = cv2.FaceDetectorYN.create(str(self.path), "", (detect_width, detect_width),
                                                      score_threshold, nms_threshold, top_k)
        except cv2.error as error:
            raise ModelError("Face detector unreadable", f"OpenCV could not load {self.path}: {error}") from error
        self._input_size: tuple[int, int] | None = None
        self._threshold = score_threshold

    def detect(self, frame_bgr: np.ndarray, roi: Box | None = None, fine: bool = False,
               working_width: int | None = None) -> list[Face]:
        max_width = working_width or (self.fine_width if fine else self.detect_width)
        height, width = frame_bgr.shape[:2]
        if roi is None:
            x0 = y0 = 0
            region = frame_bgr
            threshold = self.score_threshold
        else:
            x0, y0, w, h = clip_box(roi, width, height)
            if w < 16 or h < 16:
                return []
            region = frame_bgr[y0:y0 + h, x0:x0 + w]
            max_width, threshold = working_width or self.roi_width, self.roi_score_threshold
        scale = min(1.0, max_width / region.shape[1])
        small = region if scale == 1.0 else cv2.resize(region, None, fx=scale, fy=scale, interpolation=DOWNSCALE)
        rows = self._run(small, threshold)
        faces = []
        for row in rows:
            x, y, w, h = row[:4] / scale
            box = (int(round(x)) + x0, int(round(y)) + y0, int(round(w)), int(round(h)))
            box = clip_box(box, width, height)
            if box[2] > 0 and box[3] > 0:
                landmarks = row[4:14].reshape(5, 2) / scale + np.float32((x0, y0))
                faces.append(Face(box, float(row[14]), landmarks.astype(np.float32)))
        return faces

    def _run(self, image: np.ndarray, threshold: float) -> np.ndarray:
        size = (image.shape[1], image.shape[0])
        try:
            if size != self._input_size:
                self._net.setInputSize(size)
                self._input_size = size
            if threshold != self._threshold:
                self._net.setScoreThreshold(threshold)
                self._threshold = threshold
            _, rows = self._net.detect(image)
        except cv2.error as error:
            raise ModelError("Face detection failed", f"OpenCV's YuNet detector failed on a {size} frame: {error}") \
                from error
        return np.zeros((0, 15), np.float32) if rows is None else rows


class HaarDetector:
    """The frontal-face Haar cascade: no landmarks, more false alarms; used only when YuNet cannot load."""

    def __init__(self, detect_width: int = 320, fine_width: int = 480) -> None:
        if not haar_available():
            raise ModelError("No face detector available",
                             "This OpenCV build has neither a loadable YuNet model nor Haar cascades; "
                             "reinstall Emotune so models/ holds the face detector.")
        data = Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"
        self._cascade = cv2.CascadeClassifier(str(data))
        if self._cascade.empty():
            raise ModelError("Face detector unreadable", f"OpenCV could not load the Haar cascade {data}.")
        self.detect_width = detect_width
        self.fine_width = fine_width

    def detect(self, frame_bgr: np.ndarray, roi: Box | None = None, fine: bool = False,
               working_width: int | None = None) -> list[Face]:
        max_width = working_width or (self.fine_width if fine else self.detect_width)
        height, width = frame_bgr.shape[:2]
        x0, y0, w, h = clip_box(roi, width, height) if roi else (0, 0, width, height)
        if w < 16 or h < 16:
            return []
        gray = cv2.cvtColor(frame_bgr[y0:y0 + h, x0:x0 + w], cv2.COLOR_BGR2GRAY)
        scale = min(1.0, max_width / w)
        if scale < 1.0:
            gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        try:
            boxes = self._cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(24, 24))
        except cv2.error as error:
            raise ModelError("Face detection failed", f"OpenCV's Haar cascade failed: {error}") from error
        return [Face((int(bx / scale) + x0, int(by / scale) + y0, int(bw / scale), int(bh / scale)), 1.0)
                for bx, by, bw, bh in boxes]


def haar_available() -> bool:
    """True where this OpenCV has ``CascadeClassifier`` and ships its cascade files (not OpenCV 5)."""
    if not hasattr(cv2, "CascadeClassifier"):
        return False
    folder = getattr(getattr(cv2, "data", None), "haarcascades", None)
    return bool(folder) and (Path(folder) / "haarcascade_frontalface_default.xml").exists()


def create_detector(path: Path | None = None) -> FaceDetector:
    """YuNet; the Haar cascade only if YuNet cannot load and this OpenCV has one; else the YuNet error."""
    try:
        return YuNetDetector(path)
    except ModelError:
        if haar_available():
            return HaarDetector()
        raise
