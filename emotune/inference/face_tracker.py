"""Follow one face across frames, so someone walking behind the listener doesn't change the music.

The largest face is chosen when nothing is followed yet; after that the face overlapping the followed
one best (IoU) is kept, even when a bigger face appears. When the followed face is missed the tracker
names a region around its last box for the detector to search more closely; a miss is forgiven for
``keep_s`` before another face may be chosen. Searching the region is allowed only for ``search_s``
after the last full-frame detection, so a false detection there cannot keep a vanished face alive.
Between full-frame detections the pipeline may follow the face in ``follow_region`` alone; the faces
the last full-frame detection found stay in ``seen_faces`` meanwhile.
"""
from __future__ import annotations

from emotune.inference.face_detector import Box, Face


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


class FaceTracker:
    def __init__(self, min_iou: float = 0.25, keep_s: float = 1.0, search_s: float = 3.0,
                 search_scale: float = 2.0) -> None:
        self.min_iou = min_iou
        self.keep_s = keep_s
        self.search_s = search_s
        self.search_scale = search_scale
        self.followed: Face | None = None
        self.seen_faces: list[Face] = []  # every face of the last full-frame detection
        self.fine_t = float("-inf")  # when the pipeline last searched the whole frame finely
        self._seen_t = self._confirmed_t = float("-inf")

    def reset(self) -> None:
        self.followed = None
        self.seen_faces = []
        self.fine_t = float("-inf")
        self._seen_t = self._confirmed_t = float("-inf")

    @property
    def confirmed_t(self) -> float:
        """When a full-frame detection last found the followed face."""
        return self._confirmed_t

    def following(self, t: float) -> bool:
        """Whether a face is followed at ``t`` (seen within ``keep_s``)."""
        return self.followed is not None and t - self._seen_t <= self.keep_s

    def match(self, faces: list[Face], t: float) -> Face | None:
        """The followed face among ``faces``, or the largest one when nothing is (still) followed."""
        if not faces:
            return None
        if not self.following(t):
            return max(faces, key=lambda face: face.area)
        best = max(faces, key=lambda face: iou(face.box, self.followed.box))
        return best if iou(best.box, self.followed.box) >= self.min_iou else None

    def search_region(self, t: float) -> Box | None:
        """Where to look again for a followed face that the full-frame detection missed, or None."""
        if not self.following(t) or t - self._confirmed_t > self.search_s:
            return None
        return self.follow_region()

    def follow_region(self) -> Box | None:
        """The square around the followed face, ``search_scale`` times its size, or None."""
        if self.followed is None:
            return None
        x, y, w, h = self.followed.box
        side = self.search_scale * max(w, h)
        cx, cy = x + w / 2, y + h / 2
        return int(cx - side / 2), int(cy - side / 2), int(side), int(side)

    def update(self, face: Face | None, t: float, confirmed: bool = True) -> None:
        """Record this frame's followed face; ``confirmed`` is False for a face found only by the region search."""
        if face is not None:
            self.followed = face
            self._seen_t = t
            if confirmed:
                self._confirmed_t = t
        elif self.followed is not None and not self.following(t):
            self.followed = None
