"""The shipped emotion model loads from models/ and returns calibrated probabilities."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from emotune.errors import ModelError
from emotune.inference.emotion_model import EmotionClassifier, preprocess
from emotune.mood_space import EMOTIONS


def test_shipped_model_outputs_seven_probabilities() -> None:
    classifier = EmotionClassifier()
    assert classifier.path.name == "emotion.onnx" and classifier.path.parent.name == "models"
    rng = np.random.default_rng(0)
    faces = [rng.integers(0, 256, (48, 48), dtype=np.uint8) for _ in range(3)]
    probabilities = classifier.predict(faces)
    assert probabilities.shape == (3, len(EMOTIONS))
    assert (probabilities >= 0).all()
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    labelled = classifier.postprocess(probabilities)[0]
    assert list(labelled) == list(EMOTIONS)


def test_shipped_model_records_its_calibration_prior() -> None:
    """FER2013's label frequencies travel inside the model file, for the mood smoother."""
    prior = EmotionClassifier().class_prior
    assert prior is not None and prior.shape == (len(EMOTIONS),)
    np.testing.assert_allclose(prior.sum(), 1.0)
    assert EMOTIONS[int(np.argmin(prior))] == "disgust" and EMOTIONS[int(np.argmax(prior))] == "happy"


def test_pipeline_smoother_uses_the_models_prior() -> None:
    from emotune.inference.mood_smoother import PRIOR_CORRECTION
    from emotune.inference.pipeline import Pipeline

    pipeline = Pipeline()
    flat = np.full(len(EMOTIONS), 1 / len(EMOTIONS))
    expected = np.log(flat) - PRIOR_CORRECTION * np.log(pipeline.classifier.class_prior)
    np.testing.assert_allclose(pipeline.smoother.evidence(flat), expected)


def test_preprocess_scales_and_resizes_like_training() -> None:
    face = np.arange(48 * 48, dtype=np.uint32).reshape(48, 48) % 256
    batch = preprocess(face.astype(np.uint8))
    assert batch.shape == (1, 1, 48, 48) and batch.dtype == np.float32
    np.testing.assert_allclose(batch[0, 0], face / 255.0, atol=1e-6)
    big = np.kron(face.astype(np.uint8), np.ones((3, 3), np.uint8))  # a 144x144 crop of the same face
    np.testing.assert_allclose(preprocess(big)[0, 0], face / 255.0, atol=2 / 255)
    colour = np.dstack([big] * 3)
    np.testing.assert_allclose(preprocess(colour), preprocess(big), atol=1 / 255)


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as error:
        EmotionClassifier(tmp_path / "absent.onnx")
    assert "ships with Emotune" in error.value.detail
