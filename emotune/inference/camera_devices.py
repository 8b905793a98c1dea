"""The cameras this computer has, by name, for the camera choice in Settings.

On Linux the kernel names every video device in sysfs, and ``/dev/videoN`` is what OpenCV opens as
index N, so the list costs a few small reads and opens nothing. A webcam also brings a metadata node
(its sysfs ``index`` is 1, the picture node's 0), which is left out. Elsewhere neither OpenCV nor Qt
Essentials can name a camera: indices are opened in turn until one does not answer, and only those
that did are listed. Nothing here guesses a device that is not there.
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2

SYSFS_VIDEO = Path("/sys/class/video4linux")
PROBE_LIMIT = 10
"""Most indices tried where cameras are found by opening them (the list stops at the first gap)."""


@dataclass(frozen=True)
class CameraDevice:
    index: int
    """What ``CameraSource(index)`` (``cv2.VideoCapture``) opens."""
    name: str


def list_cameras(sysfs_root: Path = SYSFS_VIDEO, opens: Callable[[int], bool] | None = None,
                 platform: str = sys.platform) -> list[CameraDevice]:
    """The cameras now connected, by index; empty when there are none."""
    if platform.startswith("linux"):
        return sysfs_cameras(sysfs_root)
    return probed_cameras(opens or _opens)


def sysfs_cameras(root: Path) -> list[CameraDevice]:
    """Picture nodes under ``root`` (``/sys/class/video4linux``), named as their driver names them."""
    found = []
    for node in root.glob("video*"):
        number = node.name.removeprefix("video")
        if not number.isdigit() or _read(node / "index") not in (None, "0"):
            continue
        found.append(CameraDevice(int(number), _read(node / "name") or node.name))
    found.sort(key=lambda device: device.index)
    twins = Counter(device.name for device in found)
    return [device if twins[device.name] == 1 else CameraDevice(device.index, f"{device.name} (video{device.index})")
            for device in found]


def probed_cameras(opens: Callable[[int], bool], limit: int = PROBE_LIMIT) -> list[CameraDevice]:
    """Indices 0, 1, … that open, up to the first that does not; numbered as a person counts."""
    found = []
    for index in range(limit):
        if not opens(index):
            break
        found.append(CameraDevice(index, "Camera 1 (system default)" if index == 0 else f"Camera {index + 1}"))
    return found


def with_saved(devices: list[CameraDevice], saved: int) -> list[CameraDevice]:
    """``devices``, plus the saved choice when it is not connected now, so that opening Settings
    with a camera unplugged does not quietly move the choice to another one."""
    if any(device.index == saved for device in devices):
        return devices
    return [*devices, CameraDevice(saved, "No camera connected" if not devices else f"Device {saved} (not connected)")]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None


def _opens(index: int) -> bool:
    capture = cv2.VideoCapture(index)
    try:
        return capture.isOpened()
    finally:
        capture.release()

