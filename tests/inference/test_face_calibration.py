"""Calibrate to my face: bounded offsets learned from a relaxed face, and a synthetic listener whose
relaxed face the shipped model misreads as sad (real PublicTest faces, the real model)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from emotune.bench.face_calibration import weigh_bounds
from emotune.inference.face_calibration import MAX_OFFSET, FaceCalibration
from emotune.mood_space import EMOTIONS
from tools.face_video import FER_CSV, read_fer_faces

SAD, HAPPY, NEUTRAL = (EMOTIONS.index(name) for name in ("sad", "happy", "neutral"))


def reading(**values: float) -> np.ndarray:
    vector = np.array([values.get(name, 0.02) for name in EMOTIONS])
    return vector / vector.sum()


def test_a_resting_frown_reads_neutral_and_a_clear_smile_still_wins():
    resting = [reading(sad=0.4, neutral=0.3) for _ in range(20)]
    calibration = FaceCalibration.learn(resting)
    assert calibration.offsets[SAD] < 0 and calibration.offsets[NEUTRAL] == 0
    assert all(-MAX_OFFSET - 1e-9 <= offset <= 0 for offset in calibration.offsets)
    assert int(np.argmax(calibration.apply(resting[0]))) == NEUTRAL
    assert int(np.argmax(calibration.apply(reading(happy=0.9, neutral=0.05)))) == HAPPY
    assert int(np.argmax(calibration.apply(reading(sad=0.85, neutral=0.05)))) == SAD  # real sadness still shows


def test_it_round_trips_through_the_settings_with_its_bounds_and_can_be_reset():
    calibration = FaceCalibration.learn([reading(sad=0.4, neutral=0.3)] * 12)
    assert FaceCalibration.from_setting(calibration.to_setting()) == calibration
    assert FaceCalibration.from_setting({"sad": -9.0, "neutral": 3.0}).offsets[SAD] == pytest.approx(-MAX_OFFSET)
    assert not FaceCalibration.from_setting({}).active
    with pytest.raises(ValueError):
        FaceCalibration.learn([reading(sad=0.5)] * 3)


def test_a_listener_read_as_sad_at_rest_reads_neutral_without_costing_other_faces(classifier):
    if not FER_CSV.exists():
        pytest.skip(f"FER2013 is not at {FER_CSV} (../shared beside the repository)")
    faces = read_fer_faces("PublicTest")
    probabilities = classifier.predict([face.pixels for face in faces])
    figures = weigh_bounds(probabilities, np.array([face.label for face in faces]), [math.exp(MAX_OFFSET)])
    assert figures["misread_neutral_as_sad"] >= 40
    recall_before = figures["held_out_neutral_recall_before"]
    (shipped,) = figures["bounds"]
    recall_after, accuracy_before, accuracy_after = (shipped["held_out_neutral_recall_after"],
                                                     figures["accuracy_before"], shipped["accuracy_after"])
    # at least a fifth of the held-out resting faces now read neutral (v4 at its bound: 25 %, v2: 33 %),
    # and the hard limit: at most 1 point of accuracy on everyone else's faces
    assert recall_before == 0.0 and recall_after >= 0.2, (recall_before, recall_after)
    assert accuracy_after >= accuracy_before - 0.01, (accuracy_before, accuracy_after)
