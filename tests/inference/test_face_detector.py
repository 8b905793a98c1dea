"""YuNet on real FER2013 faces pasted into 640x480 webcam-like frames."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from emotune.errors import ModelError
from emotune.inference.face_detector import (HaarDetector, YuNetDetector, clip_box, create_detector,
                                             haar_available)
from tools.face_video import paste_face, textured_background


def centre_inside(box, square) -> bool:
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return square[0] <= cx <= square[0] + square[2] and square[1] <= cy <= square[1] + square[3]


@pytest.mark.parametrize("side", [120, 200, 260])
def test_finds_a_pasted_face_and_maps_it_back_to_frame_pixels(detector, clear_faces, side) -> None:
    rng = np.random.default_rng(side)
    hits = 0
    for face in clear_faces[:8]:
        scene = paste_face(textured_background(rng), face.pixels, side, (400, 260))
        faces = detector.detect(scene.frame)
        match = [f for f in faces if centre_inside(f.box, scene.box)]
        if not match:
            continue
        hits += 1
        found = match[0]
        assert 0.4 * side <= found.box[3] <= 1.3 * side  # the detector ran at 320 px; the box is in 640 px
        right_eye, left_eye, nose, mouth_right, mouth_left = found.landmarks
        assert right_eye[0] < left_eye[0] and max(right_eye[1], left_eye[1]) < nose[1] < mouth_right[1]
        assert all(centre_inside((x, y, 0, 0), found.box) for x, y in found.landmarks)
    assert hits >= 6  # a few FER faces are hard at 60 px (120 px downscaled): the region search is for those


def test_region_search_finds_the_face_at_the_same_place(detector, clear_faces) -> None:
    scene = paste_face(textured_background(np.random.default_rng(1)), clear_faces[0].pixels, 150, (200, 300))
    full = max(detector.detect(scene.frame), key=lambda f: f.area)
    x, y, w, h = full.box
    close = detector.detect(scene.frame, roi=(x - w // 2, y - h // 2, 2 * w, 2 * h))
    assert len(close) == 1
    assert np.abs(np.subtract(close[0].box, full.box)).max() <= 0.1 * w
    assert detector.detect(scene.frame, roi=(700, 500, 100, 100)) == []  # wholly outside the frame


def test_empty_frame_has_no_faces(detector) -> None:
    assert detector.detect(textured_background(np.random.default_rng(2))) == []


def test_clip_box() -> None:
    assert clip_box((-10, -10, 50, 50), 640, 480) == (0, 0, 40, 40)
    assert clip_box((600, 400, 100, 100), 640, 480) == (600, 400, 40, 80)
    assert clip_box((700, 10, 10, 10), 640, 480)[2] == 0


def test_missing_or_corrupt_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing"):
        YuNetDetector(tmp_path / "absent.onnx")
    corrupt = tmp_path / "corrupt.onnx"
    corrupt.write_bytes(b"not an onnx file")
    with pytest.raises(ModelError) as error:
        YuNetDetector(corrupt)
    assert "OpenCV could not load" in error.value.detail


def test_haar_fallback_only_where_opencv_has_it(tmp_path: Path) -> None:
    """OpenCV 5 has no CascadeClassifier: a missing YuNet is then a clear ModelError, not an AttributeError."""
    assert isinstance(create_detector(), YuNetDetector)
    if haar_available():
        assert isinstance(create_detector(tmp_path / "absent.onnx"), HaarDetector)
    else:
        with pytest.raises(ModelError):
            create_detector(tmp_path / "absent.onnx")
        with pytest.raises(ModelError, match="No face detector"):
            HaarDetector()
