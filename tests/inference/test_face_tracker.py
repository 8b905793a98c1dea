"""Following one face: the largest first, then the same one by overlap, even when a bigger one appears."""
from __future__ import annotations

from emotune.inference.face_detector import Face
from emotune.inference.face_tracker import FaceTracker, iou

LISTENER = Face((200, 150, 120, 140), 0.9)
PASSER_BY = Face((450, 100, 180, 200), 0.9)  # bigger: nearer the camera, walking behind


def test_iou() -> None:
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert iou((0, 0, 10, 10), (20, 20, 10, 10)) == 0.0
    assert abs(iou((0, 0, 10, 10), (5, 0, 10, 10)) - 50 / 150) < 1e-9


def test_starts_with_the_largest_face() -> None:
    tracker = FaceTracker()
    assert tracker.match([LISTENER, PASSER_BY], 0.0) is PASSER_BY
    assert tracker.match([], 0.0) is None


def test_keeps_the_followed_face_when_a_bigger_one_appears() -> None:
    tracker = FaceTracker()
    tracker.update(tracker.match([LISTENER], 0.0), 0.0)
    moved = Face((210, 155, 118, 138), 0.8)
    chosen = tracker.match([PASSER_BY, moved], 0.1)
    assert chosen is moved
    tracker.update(chosen, 0.1)
    assert tracker.followed is moved


def test_forgives_a_short_miss_then_follows_whoever_is_there() -> None:
    tracker = FaceTracker(keep_s=1.0)
    tracker.update(LISTENER, 0.0)
    assert tracker.match([PASSER_BY], 0.5) is None  # the listener looked away: wait for them
    tracker.update(None, 0.5)
    assert tracker.followed is LISTENER
    assert tracker.match([PASSER_BY], 1.5) is PASSER_BY  # gone for longer than keep_s


def test_search_region_is_around_the_followed_face_for_a_limited_time() -> None:
    tracker = FaceTracker(keep_s=1.0, search_s=3.0, search_scale=2.0)
    assert tracker.search_region(0.0) is None
    tracker.update(LISTENER, 0.0)
    x, y, w, h = tracker.search_region(0.5)
    assert (w, h) == (280, 280) and (x + w / 2, y + h / 2) == (260, 220)
    # found again only by the region search for a while: the search is allowed for search_s only
    for t in (0.8, 1.6, 2.4):
        tracker.update(LISTENER, t, confirmed=False)
    assert tracker.search_region(2.9) is not None
    tracker.update(LISTENER, 3.2, confirmed=False)
    assert tracker.search_region(3.3) is None
    tracker.reset()
    assert tracker.followed is None
