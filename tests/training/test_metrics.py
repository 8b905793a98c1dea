import numpy as np
import pytest

from emotune.training.metrics import (confusion_matrix, expected_calibration_error, macro_f1,
                                      per_class_recall)


def test_confusion_and_recall_count_each_pair() -> None:
    labels = np.array([0, 0, 1, 1, 2])
    predictions = np.array([0, 1, 1, 1, 0])
    matrix = confusion_matrix(labels, predictions, 3)
    assert matrix.tolist() == [[1, 1, 0], [0, 2, 0], [1, 0, 0]]
    assert per_class_recall(matrix).tolist() == [0.5, 1.0, 0.0]


def test_macro_f1_matches_hand_computation() -> None:
    matrix = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 0]])
    # class 0: p=1/2 r=1/2 f=1/2; class 1: p=2/3 r=1 f=0.8; class 2: f=0
    assert macro_f1(matrix) == pytest.approx((0.5 + 0.8 + 0.0) / 3)


def test_ece_is_zero_when_confidence_equals_accuracy() -> None:
    # 10 predictions at confidence 0.8, of which exactly 8 are right.
    probabilities = np.tile([0.8, 0.2], (10, 1))
    labels = np.array([0] * 8 + [1] * 2)
    assert expected_calibration_error(probabilities, labels) == pytest.approx(0.0, abs=1e-9)


def test_ece_measures_overconfidence() -> None:
    probabilities = np.tile([0.9, 0.1], (10, 1))
    labels = np.array([0] * 5 + [1] * 5)  # 50% right at 90% confidence
    assert expected_calibration_error(probabilities, labels) == pytest.approx(0.4)
