"""One frame in, one mood out: detect faces, follow one, crop it like FER2013, classify, smooth.

``process`` is a plain function over its parts, so the app's worker, ``emotune analyze`` and the
benchmark all run exactly the same steps; ``Pipeline`` only bundles the parts built from settings.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np

from emotune.inference.emotion_model import EmotionClassifier
from emotune.inference.face_calibration import FaceCalibration
from emotune.inference.face_crop import crop_face
from emotune.inference.face_detector import Box, Face, FaceDetector, create_detector
from emotune.inference.face_tracker import FaceTracker
from emotune.inference.mood_event import MoodEvent
from emotune.inference.mood_smoother import MoodSmoother
from emotune.settings import Settings


FOLLOWED_FACE_PX = 64
"""While a face is followed, the full-frame pass runs at the working width that keeps that face about
this wide (YuNet finds faces down to ~20 px): a listener close to the camera costs a fraction of a
fixed 320 px pass, and faces smaller than the followed one are still found."""

MIN_COARSE_WIDTH = 160
WIDTH_STEP = 32
"""Widths come in steps, so a face whose size jitters by a pixel does not make YuNet reshape its
network every frame (about 10 % of a detection each time)."""


FULL_DETECTION_S = 0.5
"""How often the app searches the whole frame while it follows a face (the region around the face is
searched in between): often enough to see someone arrive, rarely enough to cost little."""


FOLLOW_SEARCH_FACE_PX = 80
"""Size of the followed face in a follow search of its region. On pasted PublicTest faces of 120-260 px
the region at 80 px re-found 97 % of followed faces (64 px: 94 %; the coarse full-frame pass: 83 %)
for about 60 % of a coarse pass's time."""


def follow_width(region: Box, followed: Face) -> int:
    """Working width for a follow search of ``region``: the followed face FOLLOW_SEARCH_FACE_PX wide."""
    side = max(followed.box[2], followed.box[3], 1)
    return max(WIDTH_STEP, int(-(-(region[2] * FOLLOW_SEARCH_FACE_PX / side) // WIDTH_STEP) * WIDTH_STEP))


def coarse_width(frame_width: int, followed: Face | None, base_width: int) -> int | None:
    """Working width for this frame's full-frame pass; None (the detector's default) with no face."""
    if followed is None:
        return None
    side = max(followed.box[2], followed.box[3], 1)
    wanted = max(MIN_COARSE_WIDTH, frame_width * FOLLOWED_FACE_PX / side)
    return int(min(base_width, -(-wanted // WIDTH_STEP) * WIDTH_STEP))


@dataclass(frozen=True)
class FrameResult:
    t: float  # the frame's timestamp, seconds
    faces: list[Box]  # every detected face, frame pixels
    followed: Box | None  # the face the mood is read from
    raw_probs: np.ndarray | None  # (7,) for the followed face this frame, EMOTIONS order
    smoothed_probs: np.ndarray  # (7,)
    mood: str | None
    mood_confidence: float
    ms: float  # time spent on this frame
    changed: bool = False  # ``mood`` differs from the previous frame's

    @property
    def event(self) -> MoodEvent:
        """This frame's mood as the music side takes it."""
        return MoodEvent.from_vector(self.t, self.mood, self.smoothed_probs, self.changed,
                                     face_present=self.raw_probs is not None)

    @property
    def followed_index(self) -> int | None:
        """Index of ``followed`` in ``faces`` (what a preview needs to highlight it)."""
        return None if self.followed is None else self.faces.index(self.followed)


def process(detector: FaceDetector, tracker: FaceTracker, classifier: EmotionClassifier, smoother: MoodSmoother,
            frame_bgr: np.ndarray, timestamp_s: float, full_every_s: float | None = None,
            calibration: FaceCalibration | None = None) -> FrameResult:
    """Run every step on one BGR frame.

    The whole frame is searched finely only while no face is followed and the coarse pass found
    none, and the region around the followed face only when the coarse full-frame pass missed it:
    the costly looks are rare. While a face is followed, the coarse pass shrinks to keep that face
    ~64 px wide (``coarse_width``).

    With ``full_every_s``, a followed face is looked for only in the region around it (at the same
    ~64 px scale: a fraction of a full pass) until that long after the last full-frame detection
    found it; when the region shows no face that overlaps it (lost, or moved fast) the full-frame
    detection runs at once. While nobody is followed the fine search (three times a coarse pass)
    runs at most that often too, the coarse pass in between: an empty desk costs a third as much,
    and an arriving face is still searched finely within ``full_every_s``. None searches the whole
    frame every time, finely while nobody is followed.
    """
    start = time.perf_counter()
    following = tracker.following(timestamp_s)
    followed = None
    if full_every_s is not None and following and timestamp_s - tracker.confirmed_t < full_every_s:
        region = tracker.follow_region()
        around = detector.detect(frame_bgr, roi=region, working_width=follow_width(region, tracker.followed))
        followed = tracker.match(around, timestamp_s)
        if followed is not None:
            faces = [followed if face is tracker.followed else face for face in tracker.seen_faces]
            if followed not in faces:
                faces.append(followed)
            tracker.update(followed, timestamp_s, confirmed=False)
            tracker.seen_faces = faces
    if followed is None:
        width = coarse_width(frame_bgr.shape[1], tracker.followed, detector.detect_width) if following else None
        fine = not following and (full_every_s is None or timestamp_s - tracker.fine_t >= full_every_s)
        if fine:
            tracker.fine_t = timestamp_s
        faces = detector.detect(frame_bgr, working_width=width)
        if fine and not faces:  # the fine look costs three ordinary ones: only when those found no one
            faces = detector.detect(frame_bgr, fine=True)
        followed = tracker.match(faces, timestamp_s)
        confirmed = followed is not None
        # The closer look: the region at 320 px and a lower threshold. At the follow search's scale
        # instead, detection fell from 98.9 % to 95.5 % (PublicTest faces of bench.perception).
        if followed is None and (region := tracker.search_region(timestamp_s)) is not None:
            followed = tracker.match(detector.detect(frame_bgr, roi=region), timestamp_s)
            if followed is not None:
                faces = [*faces, followed]
        tracker.update(followed, timestamp_s, confirmed)
        tracker.seen_faces = faces
    raw = None if followed is None else classifier.predict(crop_face(frame_bgr, followed))[0]
    if raw is not None and calibration is not None:
        raw = calibration.apply(raw)  # this listener's relaxed face reads neutral
    state = smoother.update(timestamp_s, raw)
    return FrameResult(
        t=timestamp_s, faces=[face.box for face in faces], followed=None if followed is None else followed.box,
        raw_probs=raw, smoothed_probs=state.smoothed_probs, mood=state.mood, mood_confidence=state.confidence,
        ms=(time.perf_counter() - start) * 1000.0, changed=state.changed)


def process_no_face(tracker: FaceTracker, smoother: MoodSmoother, timestamp_s: float) -> FrameResult:
    """What ``process`` returns for a moment without a frame (a video that ended, a camera that is
    gone): no face, and the mood goes on by the smoother's no-face rule (hold, then relax)."""
    start = time.perf_counter()
    tracker.update(None, timestamp_s)
    state = smoother.update(timestamp_s, None)
    return FrameResult(t=timestamp_s, faces=[], followed=None, raw_probs=None, smoothed_probs=state.smoothed_probs,
                       mood=state.mood, mood_confidence=state.confidence, ms=(time.perf_counter() - start) * 1000.0,
                       changed=state.changed)


class Pipeline:
    """The detector, tracker, classifier and smoother the app runs with, built once."""

    def __init__(self, responsiveness: float = 0.5, detector: FaceDetector | None = None,
                 classifier: EmotionClassifier | None = None, threads: int = 1,
                 full_every_s: float | None = FULL_DETECTION_S) -> None:
        self.full_every_s = full_every_s  # see ``process``; None searches the whole frame every time
        # OpenCV's thread pool is per process; one thread keeps the camera loop cheap beside UI and audio.
        cv2.setNumThreads(threads)
        self.detector = detector or create_detector()
        self.classifier = classifier or EmotionClassifier(threads=threads)
        self.tracker = FaceTracker()
        self.smoother = MoodSmoother(responsiveness, self.classifier.class_prior)
        self.calibration = FaceCalibration.none()

    @classmethod
    def from_settings(cls, settings: Settings) -> "Pipeline":
        pipeline = cls(responsiveness=settings.get("responsiveness"))
        pipeline.calibration = FaceCalibration.from_setting(settings.get("face_calibration"))
        return pipeline

    def set_responsiveness(self, responsiveness: float) -> None:
        self.smoother.set_responsiveness(responsiveness)

    def reset(self) -> None:
        """Forget the followed face and the mood (a new source is a new scene)."""
        self.tracker.reset()
        self.smoother.reset()

    def process(self, frame_bgr: np.ndarray, timestamp_s: float) -> FrameResult:
        return process(self.detector, self.tracker, self.classifier, self.smoother, frame_bgr, timestamp_s,
                       self.full_every_s, self.calibration)

    def no_face(self, timestamp_s: float) -> FrameResult:
        return process_no_face(self.tracker, self.smoother, timestamp_s)

    def relaxed(self, timestamp_s: float) -> bool:
        """Whether more faceless moments would change the mood no further (see ``MoodSmoother.relaxed``)."""
        return self.smoother.relaxed(timestamp_s)
