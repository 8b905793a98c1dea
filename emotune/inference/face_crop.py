"""Cut a face out of a frame the way FER2013 framed its faces, so the model sees what it was trained on.

FER2013 crops are square and tight: brows to chin with a strip of forehead, the eyes at ~39% of the
height and the mouth at ~75%. YuNet's box is narrower and its height varies with pose, so the crop is
placed from YuNet's landmarks where there are any (eye centre and mouth centre define a face's
vertical extent steadily) and rotated so the eyes are level, as FER2013's faces mostly are. Without
landmarks (the Haar fallback) the box is used. The constants were tuned by pasting PublicTest faces into
frames, detecting them, and choosing the geometry that gave the model its best accuracy
(``python -m emotune.bench.perception --tune-crop``): FER2013's own framing would be scale ~2.75, the
model does 2-4 points better a little tighter (2.3-2.5), where accuracy is flat within noise. Levelling
the eyes changes nothing on those pasted faces (within +-0.5 points) and is kept for the tilted heads a
webcam sees, which FER2013's mostly upright faces never taught the model.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from emotune.inference.emotion_model import INPUT_SIZE
from emotune.inference.face_detector import Face

WORK_SIDE = 4 * INPUT_SIZE
"""The rotated crop is sampled at most this size, then area-averaged down to 48 px (no aliasing)."""


@dataclass(frozen=True)
class CropGeometry:
    """Landmark crop: side = ``scale`` x eye-to-mouth distance, centre ``shift`` sides below the
    eye/mouth midpoint (negative: above). Box crop: side = ``box_scale`` x box height, centre
    ``box_shift`` sides below the box centre."""

    scale: float = 2.45
    shift: float = -0.05
    level_eyes: bool = True
    box_scale: float = 0.9
    box_shift: float = -0.03


FER_CROP = CropGeometry()


@dataclass(frozen=True)
class CropSquare:
    """Where the crop lies in the frame: centre (x, y), side in pixels, rotation in degrees."""

    centre: tuple[float, float]
    side: float
    angle: float


def crop_square(face: Face, geometry: CropGeometry = FER_CROP) -> CropSquare:
    """The square a face is cut from, in frame pixels (it may reach past the frame's edges)."""
    if face.landmarks is not None:
        right_eye, left_eye, _, mouth_right, mouth_left = face.landmarks.astype(np.float64)
        eyes, mouth = (right_eye + left_eye) / 2, (mouth_right + mouth_left) / 2
        dx, dy = left_eye - right_eye
        angle = float(np.degrees(np.arctan2(dy, dx))) if geometry.level_eyes else 0.0
        vertical = mouth - eyes
        side = geometry.scale * float(np.hypot(*vertical))
        down = vertical / max(np.hypot(*vertical), 1e-6)
        centre = (eyes + mouth) / 2 + down * geometry.shift * side
        return CropSquare((float(centre[0]), float(centre[1])), side, angle)
    x, y, w, h = face.box
    side = geometry.box_scale * h
    return CropSquare((x + w / 2, y + h / 2 + geometry.box_shift * side), side, 0.0)


def crop_face(frame_bgr: np.ndarray, face: Face, geometry: CropGeometry = FER_CROP) -> np.ndarray:
    """A 48x48 grayscale face framed like FER2013; parts past the frame's edge repeat the edge pixels."""
    square = crop_square(face, geometry)
    work = int(min(WORK_SIDE, max(INPUT_SIZE, round(square.side))))
    zoom = work / max(square.side, 1.0)
    matrix = cv2.getRotationMatrix2D(square.centre, square.angle, zoom)
    matrix[:, 2] += (work / 2 - square.centre[0], work / 2 - square.centre[1])
    patch = cv2.warpAffine(frame_bgr, matrix, (work, work), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    gray = cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY) if patch.ndim == 3 else patch
    if work != INPUT_SIZE:
        gray = cv2.resize(gray, (INPUT_SIZE, INPUT_SIZE), interpolation=cv2.INTER_AREA)
    return gray
