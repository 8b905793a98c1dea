"""Real faces for the perception tests: a few hundred FER2013 PublicTest rows from ../shared, read once
per session, and the shipped models built once."""
from __future__ import annotations

import numpy as np
import pytest

from tools.face_video import FER_CSV, FerFace, paste_face, read_fer_faces, textured_background


@pytest.fixture(scope="session")
def public_faces() -> list[FerFace]:
    """About 300 PublicTest faces (every 10th), streamed from the gzip'd CSV."""
    if not FER_CSV.exists():
        pytest.skip(f"FER2013 is not at {FER_CSV} (../shared beside the repository)")
    return read_fer_faces("PublicTest", every=10, limit=300)


@pytest.fixture(scope="session")
def detector():
    from emotune.inference.face_detector import YuNetDetector

    return YuNetDetector()


@pytest.fixture(scope="session")
def classifier():
    from emotune.inference.emotion_model import EmotionClassifier

    return EmotionClassifier()


@pytest.fixture(scope="session")
def clear_faces(public_faces, detector) -> list[FerFace]:
    """Faces YuNet finds at 200 px in a full-frame pass: the ones a test can rely on being seen."""
    rng = np.random.default_rng(0)
    found = []
    for face in public_faces[:60]:
        scene = paste_face(textured_background(rng), face.pixels, 200, (320, 240))
        if any(abs(f.box[0] + f.box[2] / 2 - 320) < 60 for f in detector.detect(scene.frame)):
            found.append(face)
    assert len(found) > 40, "YuNet should find most pasted FER2013 faces"
    return found


@pytest.fixture(scope="session")
def face_video(clear_faces, tmp_path_factory):
    """A 3 s, 15 fps, 640x480 MJPG video of three faces, one a second; (path, pasted box per frame)."""
    from tools.face_video import make_face_video

    return make_face_video(tmp_path_factory.mktemp("video") / "faces.avi",
                           [face.pixels for face in clear_faces[:3]], seconds_per_face=1.0, fps=15.0)
