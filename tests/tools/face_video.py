"""Synthetic camera frames: a real FER2013 face, upscaled, pasted onto a textured background.

The webcam is the one part tests cannot have, so frames are built from real faces instead: a 48x48
FER2013 image scaled to the size a face has in a 640x480 webcam frame, on a busy background so the
detector has clutter to reject. The pasted square is the ground truth (FER crops include some
background around the face, so the detector's box lies inside it).
"""
from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FER_CSV = SHARED / "datasets" / "fer2013" / "fer2013.csv.gz"
FERPLUS_CSV = SHARED / "datasets" / "fer2013" / "fer2013new.csv"
FRAME_SIZE = (640, 480)


@dataclass(frozen=True)
class FerFace:
    pixels: np.ndarray  # (48, 48) uint8
    label: int  # FER2013 code, EMOTIONS order


@dataclass(frozen=True)
class Scene:
    """One synthetic frame and where the face was pasted (x, y, side) in its pixels."""

    frame: np.ndarray
    box: tuple[int, int, int, int]


def read_fer_faces(usage: str = "PublicTest", every: int = 1, limit: int | None = None,
                   path: Path = FER_CSV, ferplus_path: Path = FERPLUS_CSV) -> list[FerFace]:
    """Every ``every``-th face of one usage, stopping after ``limit`` faces.

    Rows that FER+ marks as not a face (no image name) are left out: they cannot be detected and say
    nothing about the pipeline. Lines are filtered on their usage suffix before any parsing, so
    reaching PublicTest (after the 28,709 Training rows) costs one gzip pass, not a CSV parse.
    """
    faces: list[FerFace] = []
    suffix = f",{usage}".encode()
    with gzip.open(path, "rb") as handle, open(ferplus_path, "rb") as ferplus:
        next(handle), next(ferplus)
        seen = 0
        for line, votes in zip(handle, ferplus):
            line = line.rstrip(b"\r\n")
            if not line.endswith(suffix) or votes.split(b",")[1] == b"":
                continue
            seen += 1
            if (seen - 1) % every:
                continue
            label, pixels, _ = next(csv.reader([line.decode()]))
            faces.append(FerFace(np.array(pixels.split(), dtype=np.uint8).reshape(48, 48), int(label)))
            if limit is not None and len(faces) >= limit:
                break
    return faces


def textured_background(rng: np.random.Generator, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """A cluttered colour background: smooth blotches, fine grain, and a few hard-edged shapes."""
    width, height = size
    coarse = rng.integers(40, 220, (6, 8, 3), dtype=np.uint8)
    frame = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC)
    grain = rng.normal(0, 12, (height, width, 3))
    frame = np.clip(frame.astype(np.float32) + grain, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(4, 10))):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1, y1 = x0 + int(rng.integers(-200, 200)), y0 + int(rng.integers(-200, 200))
        if rng.random() < 0.5:
            cv2.rectangle(frame, (x0, y0), (x1, y1), colour, -1 if rng.random() < 0.5 else 3)
        else:
            cv2.line(frame, (x0, y0), (x1, y1), colour, int(rng.integers(2, 12)))
    return frame


def paste_face(background: np.ndarray, face: np.ndarray, side: int, centre: tuple[int, int]) -> Scene:
    """Upscale a 48x48 face to ``side`` pixels and paste it, edges feathered, centred at ``centre``."""
    frame = background.copy()
    height, width = frame.shape[:2]
    side = min(side, width, height)
    x = int(np.clip(centre[0] - side // 2, 0, width - side))
    y = int(np.clip(centre[1] - side // 2, 0, height - side))
    big = cv2.resize(face, (side, side), interpolation=cv2.INTER_CUBIC)
    big = cv2.cvtColor(big, cv2.COLOR_GRAY2BGR).astype(np.float32)
    feather = max(2, side // 40)
    alpha = np.zeros((side, side), np.float32)
    alpha[feather:-feather, feather:-feather] = 1.0
    alpha = cv2.GaussianBlur(alpha, (0, 0), feather / 2)[..., None]
    region = frame[y:y + side, x:x + side].astype(np.float32)
    frame[y:y + side, x:x + side] = (alpha * big + (1 - alpha) * region).astype(np.uint8)
    return Scene(frame, (x, y, side, side))


def random_scene(rng: np.random.Generator, face: np.ndarray, sides: tuple[int, int] = (120, 260),
                 background: np.ndarray | None = None) -> Scene:
    """A face of random size in ``sides`` at a random place that keeps it whole in the frame."""
    background = textured_background(rng) if background is None else background
    height, width = background.shape[:2]
    side = int(rng.integers(sides[0], sides[1] + 1))
    centre = (int(rng.integers(side // 2, width - side // 2 + 1)), int(rng.integers(side // 2, height - side // 2 + 1)))
    return paste_face(background, face, side, centre)


def write_video(path: Path, frames: Iterable[np.ndarray], fps: float) -> Path:
    """MJPG in AVI: the one codec opencv-python-headless can both write and read everywhere."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer: cv2.VideoWriter | None = None
    try:
        for frame in frames:
            if writer is None:
                size = (frame.shape[1], frame.shape[0])
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
                if not writer.isOpened():
                    raise RuntimeError(f"cv2.VideoWriter could not open {path}")
            writer.write(frame)
    finally:
        if writer is not None:
            writer.release()
    return path


def drifting_scenes(rng: np.random.Generator, faces: list[np.ndarray], frames_per_face: int,
                    sides: tuple[int, int] = (120, 260)) -> Iterator[Scene]:
    """Each face held for ``frames_per_face`` frames, drifting a few pixels a frame like a person would."""
    for face in faces:
        background = textured_background(rng)
        start = random_scene(rng, face, sides, background)
        x, y, side, _ = start.box
        step = rng.normal(0, 2.0, 2)
        for i in range(frames_per_face):
            centre = (int(x + side / 2 + step[0] * i), int(y + side / 2 + step[1] * i))
            yield paste_face(background, face, side, centre)


def make_face_video(path: Path, faces: list[np.ndarray], seconds_per_face: float = 1.0, fps: float = 15.0,
                    seed: int = 0) -> tuple[Path, list[tuple[int, int, int, int]]]:
    """A video of the given faces one after another; returns its path and the pasted box per frame."""
    rng = np.random.default_rng(seed)
    boxes: list[tuple[int, int, int, int]] = []

    def frames() -> Iterator[np.ndarray]:
        for scene in drifting_scenes(rng, faces, max(1, round(seconds_per_face * fps))):
            boxes.append(scene.box)
            yield scene.frame

    write_video(path, frames(), fps)
    return path, boxes
