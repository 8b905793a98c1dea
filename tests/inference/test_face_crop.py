"""The crop frames a detected face like FER2013, level, at 48x48, wherever it lies in the frame."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from emotune.inference.face_crop import FER_CROP, CropGeometry, crop_face, crop_square
from emotune.inference.face_detector import Face
from tools.face_video import paste_face, textured_background

LANDMARKS = np.float32([[100, 100], [140, 100], [120, 120], [105, 140], [135, 140]])


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel().astype(float), b.ravel().astype(float))[0, 1])


def test_square_follows_eyes_and_mouth() -> None:
    geometry = CropGeometry(scale=2.5, shift=-0.1, level_eyes=True)
    square = crop_square(Face((90, 80, 60, 80), 0.9, LANDMARKS), geometry)
    assert square.side == pytest.approx(2.5 * 40)  # eye centre (120, 100) to mouth centre (120, 140)
    assert square.centre == pytest.approx((120, 120 - 0.1 * 100))
    assert square.angle == pytest.approx(0.0)
    tilted = LANDMARKS.copy()
    tilted[1] = (140, 110)  # the image-right eye lower: head tilted
    angle = crop_square(Face((90, 80, 60, 80), 0.9, tilted), geometry).angle
    assert angle == pytest.approx(np.degrees(np.arctan2(10, 40)))


def test_box_is_used_without_landmarks() -> None:
    square = crop_square(Face((100, 50, 80, 100), 0.9), CropGeometry(box_scale=1.0, box_shift=-0.05))
    assert square.side == 100 and square.centre == pytest.approx((140, 100 - 5)) and square.angle == 0


def test_crop_of_a_detected_face_matches_fer_framing(detector, clear_faces) -> None:
    """Pasted at 3-5x and detected, the crop square lands on the square the FER2013 image filled, and the
    48x48 crop looks like the original (compared blurred: faces differ in proportions, so the crop of
    each is off by a few pixels, but the median is near)."""
    rng = np.random.default_rng(5)
    sizes, offsets, similarity = [], [], []
    for face, side in zip(clear_faces[:12], (150, 200, 240) * 4):
        scene = paste_face(textured_background(rng), face.pixels, side, (320, 240))
        found = max(detector.detect(scene.frame), key=lambda f: f.area)
        square = crop_square(found)
        sizes.append(square.side / side)
        offsets.append(np.hypot(square.centre[0] - 320, square.centre[1] - 240) / side)
        crop = crop_face(scene.frame, found)
        assert crop.shape == (48, 48) and crop.dtype == np.uint8
        blur = lambda image: cv2.GaussianBlur(image, (0, 0), 2)  # noqa: E731
        similarity.append(correlation(blur(crop), blur(face.pixels)))
    assert 0.85 < np.median(sizes) < 1.1
    assert np.median(offsets) < 0.08
    assert np.median(similarity) > 0.6


def test_eyes_are_levelled(detector, clear_faces) -> None:
    """The same face rotated by 15 degrees crops to (nearly) the same picture."""
    scene = paste_face(textured_background(np.random.default_rng(6)), clear_faces[1].pixels, 220, (320, 240))
    upright = max(detector.detect(scene.frame), key=lambda f: f.area)
    rotation = cv2.getRotationMatrix2D((320, 240), 15, 1.0)
    rotated_frame = cv2.warpAffine(scene.frame, rotation, (640, 480), borderMode=cv2.BORDER_REFLECT)
    rotated_marks = cv2.transform(upright.landmarks[None], rotation)[0]
    rotated = Face(upright.box, upright.score, rotated_marks.astype(np.float32))
    reference = crop_face(scene.frame, upright)
    assert correlation(crop_face(rotated_frame, rotated), reference) > 0.95
    unlevelled = CropGeometry(scale=FER_CROP.scale, shift=FER_CROP.shift, level_eyes=False)
    assert correlation(crop_face(rotated_frame, rotated, unlevelled), reference) < 0.9


def test_face_at_the_frame_edge_still_gives_a_full_crop() -> None:
    frame = np.full((480, 640, 3), 90, np.uint8)
    marks = LANDMARKS - np.float32([95, 95])  # eyes near the top-left corner
    crop = crop_face(frame, Face((0, 0, 60, 80), 0.9, marks))
    assert crop.shape == (48, 48) and (crop == 90).all()
