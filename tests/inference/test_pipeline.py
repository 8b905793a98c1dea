"""One frame through every step with the shipped models: detect, follow, crop, classify, smooth."""
from __future__ import annotations

import numpy as np
import pytest

from emotune.inference.face_detector import YuNetDetector
from emotune.inference.face_tracker import FaceTracker
from emotune.inference.mood_smoother import MoodSmoother
from emotune.inference.pipeline import FrameResult, Pipeline, process
from emotune.mood_space import EMOTIONS
from tools.face_video import paste_face, textured_background


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(responsiveness=0.5)


def inside(box, square) -> bool:
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return square[0] <= cx <= square[0] + square[2] and square[1] <= cy <= square[1] + square[3]


def test_a_face_gives_probabilities_and_soon_a_mood(pipeline, clear_faces) -> None:
    pipeline.reset()
    scene = paste_face(textured_background(np.random.default_rng(0)), clear_faces[0].pixels, 200, (300, 250))
    results = [pipeline.process(scene.frame, i / 15) for i in range(45)]
    first = results[0]
    assert isinstance(first, FrameResult) and first.t == 0.0
    assert first.followed in first.faces and inside(first.followed, scene.box)
    assert first.followed_index == first.faces.index(first.followed)
    assert all(isinstance(v, int) for v in first.followed)
    assert first.raw_probs.shape == (len(EMOTIONS),) and first.raw_probs.sum() == pytest.approx(1, abs=1e-5)
    assert first.mood is None and first.ms > 0
    last = results[-1]
    assert last.mood in EMOTIONS
    assert last.mood_confidence == pytest.approx(last.smoothed_probs[EMOTIONS.index(last.mood)])


def test_no_face(pipeline) -> None:
    pipeline.reset()
    result = pipeline.process(textured_background(np.random.default_rng(1)), 0.0)
    assert result.faces == [] and result.followed is None and result.followed_index is None
    assert result.raw_probs is None and result.mood is None
    np.testing.assert_allclose(result.smoothed_probs, 1 / len(EMOTIONS))


def test_someone_walking_behind_does_not_take_over(pipeline, clear_faces) -> None:
    pipeline.reset()
    rng = np.random.default_rng(2)
    background = textured_background(rng)
    alone = paste_face(background, clear_faces[0].pixels, 150, (180, 240))
    listener = pipeline.process(alone.frame, 0.0).followed
    for i, x in enumerate(range(640, 380, -40)):  # a bigger face comes in from the right
        both = paste_face(alone.frame, clear_faces[1].pixels, 230, (x, 240))
        result = pipeline.process(both.frame, (i + 1) / 15)
        assert result.followed is not None and inside(result.followed, alone.box)
    assert listener is not None


def test_a_missed_face_is_found_again_near_where_it_was(classifier, clear_faces) -> None:
    """A detector too strict to see the face in the full frame still finds it in the followed region."""
    scene = paste_face(textured_background(np.random.default_rng(3)), clear_faces[2].pixels, 200, (400, 240))
    seen = max(YuNetDetector().detect(scene.frame), key=lambda f: f.area)
    strict = YuNetDetector(score_threshold=0.999, roi_score_threshold=0.4)
    assert strict.detect(scene.frame) == []
    tracker = FaceTracker()
    tracker.update(seen, 0.0)
    result = process(strict, tracker, classifier, MoodSmoother(), scene.frame, 0.1)
    assert result.followed is not None and inside(result.followed, scene.box) and result.faces == [result.followed]
    assert result.raw_probs is not None


def test_full_frame_pass_shrinks_for_a_close_followed_face() -> None:
    from emotune.inference.face_detector import Face
    from emotune.inference.pipeline import MIN_COARSE_WIDTH, coarse_width

    assert coarse_width(640, None, 320) is None  # nobody followed: the detector's own choice
    assert coarse_width(640, Face((0, 0, 100, 100), 0.9), 320) == 320  # a small face keeps the full width
    close = coarse_width(640, Face((0, 0, 200, 220), 0.9), 320)
    assert MIN_COARSE_WIDTH < close < 320 and 220 * close / 640 >= 60  # still ~64 px wide at that width
    assert coarse_width(640, Face((0, 0, 600, 470), 0.9), 320) == MIN_COARSE_WIDTH
    assert coarse_width(640, Face((0, 0, 200, 218), 0.9), 320) == close  # a jittering face keeps its width


def test_close_face_is_still_followed_at_the_reduced_width(detector, classifier, clear_faces) -> None:
    """A face filling most of the frame height is found by the shrunken full-frame pass, every frame."""
    scene = paste_face(textured_background(np.random.default_rng(7)), clear_faces[0].pixels, 300, (320, 240))
    tracker, smoother = FaceTracker(), MoodSmoother()
    results = [process(detector, tracker, classifier, smoother, scene.frame, i / 15) for i in range(10)]
    assert all(result.followed is not None and inside(result.followed, scene.box) for result in results)


class CountingDetector:
    """The real YuNet, recording each call as "full" or "region"."""

    def __init__(self, detector) -> None:
        self.detector, self.calls = detector, []
        self.detect_width = detector.detect_width

    def detect(self, frame, roi=None, fine=False, working_width=None):
        self.calls.append(("region", working_width) if roi is not None else ("full", fine))
        return self.detector.detect(frame, roi=roi, fine=fine, working_width=working_width)


def followable_scene(detector, clear_faces, seed: int):
    """A 180 px face that a follow search of its region finds (some faces need the full-frame pass)."""
    from emotune.inference.pipeline import follow_width

    background = textured_background(np.random.default_rng(seed))
    for face in clear_faces:
        scene = paste_face(background, face.pixels, 180, (300, 250))
        tracker = FaceTracker()
        tracker.update(max(detector.detect(scene.frame, fine=True), key=lambda f: f.area, default=None), 0.0)
        if tracker.followed is not None:
            region = tracker.follow_region()
            if detector.detect(scene.frame, roi=region, working_width=follow_width(region, tracker.followed)):
                return scene, face
    raise AssertionError("no face to follow")


def test_between_full_detections_the_face_is_followed_in_its_region(detector, classifier, clear_faces) -> None:
    scene, _ = followable_scene(detector, clear_faces, 8)
    counting, tracker, smoother = CountingDetector(detector), FaceTracker(), MoodSmoother()
    results = [process(counting, tracker, classifier, smoother, scene.frame, i / 10, full_every_s=0.5)
               for i in range(12)]
    assert all(result.followed is not None and inside(result.followed, scene.box) for result in results)
    kinds = [call[0] for call in counting.calls]
    assert kinds == ["full", "region", "region", "region", "region", "full", "region", "region", "region",
                     "region", "full", "region"]  # a full-frame search every 0.5 s, the region in between
    widths = {call[1] for call in counting.calls if call[0] == "region"}
    assert all(w <= 160 for w in widths)  # the region is searched at the face's ~64 px scale: cheap
    assert counting.calls[0] == ("full", False)  # nobody followed yet, but the coarse pass found the face


def test_a_face_that_leaves_its_region_gets_a_full_frame_search_at_once(detector, classifier, clear_faces) -> None:
    _, face = followable_scene(detector, clear_faces, 9)
    background = textured_background(np.random.default_rng(9))
    here = paste_face(background, face.pixels, 180, (160, 200))
    there = paste_face(background, face.pixels, 180, (480, 260))  # a fast move across the frame
    counting, tracker, smoother = CountingDetector(detector), FaceTracker(), MoodSmoother()
    process(counting, tracker, classifier, smoother, here.frame, 0.0, full_every_s=0.5)
    process(counting, tracker, classifier, smoother, here.frame, 0.1, full_every_s=0.5)
    counting.calls.clear()
    result = process(counting, tracker, classifier, smoother, there.frame, 0.2, full_every_s=0.5)
    assert counting.calls[0][0] == "region" and counting.calls[1][0] == "full"  # the region was empty: full at once
    assert any(inside(box, there.box) for box in result.faces)  # which sees the face where it went


def test_an_empty_view_is_searched_finely_only_every_half_second(detector, classifier) -> None:
    empty = textured_background(np.random.default_rng(10))
    counting, tracker, smoother = CountingDetector(detector), FaceTracker(), MoodSmoother()
    for i in range(12):
        result = process(counting, tracker, classifier, smoother, empty, i / 10, full_every_s=0.5)
        assert result.followed is None
    fine = [i for i, call in enumerate(counting.calls) if call == ("full", True)]
    # The coarse pass every time; after it found no one, the fine look at 0.0, 0.5 and 1.0 s.
    assert fine == [1, 7, 13] and len(counting.calls) == 15
    assert all(call == ("full", False) for i, call in enumerate(counting.calls) if i not in fine)
    counting.calls.clear()
    tracker, smoother = FaceTracker(), MoodSmoother()
    process(counting, tracker, classifier, smoother, empty, 0.0)  # without full_every_s: fine every time
    process(counting, tracker, classifier, smoother, empty, 0.1)
    assert counting.calls == [("full", False), ("full", True), ("full", False), ("full", True)]


def test_a_small_face_is_found_by_the_fine_look_when_the_coarse_pass_misses_it(detector, classifier,
                                                                                 clear_faces) -> None:
    background = textured_background(np.random.default_rng(11))
    scenes = (paste_face(background, face.pixels, side, (320, 240)) for side in (56, 64) for face in clear_faces)
    for scene in scenes:  # a face small enough that the coarse pass (320 px) misses it
        if not detector.detect(scene.frame) and detector.detect(scene.frame, fine=True):
            break
    else:
        raise AssertionError("no face that only the fine look finds")
    counting, tracker, smoother = CountingDetector(detector), FaceTracker(), MoodSmoother()
    result = process(counting, tracker, classifier, smoother, scene.frame, 0.0, full_every_s=0.5)
    assert counting.calls == [("full", False), ("full", True)]
    assert result.followed is not None and inside(result.followed, scene.box)
