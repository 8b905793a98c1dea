"""The camera list from a fake sysfs tree (as Linux lays it out) and from a fake OpenCV probe."""
from __future__ import annotations

from pathlib import Path

from emotune.inference.camera_devices import (CameraDevice, list_cameras, probed_cameras, sysfs_cameras,
                                             with_saved)


def video_node(root: Path, number: int, name: str | None, index: int | None = 0) -> None:
    node = root / f"video{number}"
    node.mkdir(parents=True)
    if name is not None:
        (node / "name").write_text(name + "\n")
    if index is not None:
        (node / "index").write_text(f"{index}\n")


def test_picture_nodes_by_name_in_device_order_without_metadata_nodes(tmp_path) -> None:
    video_node(tmp_path, 2, "Logitech BRIO")
    video_node(tmp_path, 3, "Logitech BRIO", index=1)  # the BRIO's metadata node
    video_node(tmp_path, 0, "Integrated Camera: Integrated C")
    video_node(tmp_path, 1, "Integrated Camera: Integrated C", index=1)
    video_node(tmp_path, 10, "OBS Virtual Camera")
    assert sysfs_cameras(tmp_path) == [CameraDevice(0, "Integrated Camera: Integrated C"),
                                       CameraDevice(2, "Logitech BRIO"), CameraDevice(10, "OBS Virtual Camera")]


def test_two_cameras_of_one_model_are_told_apart_by_node(tmp_path) -> None:
    video_node(tmp_path, 0, "USB Camera")
    video_node(tmp_path, 2, "USB Camera")
    assert [d.name for d in sysfs_cameras(tmp_path)] == ["USB Camera (video0)", "USB Camera (video2)"]


def test_unreadable_attributes_and_other_entries(tmp_path) -> None:
    video_node(tmp_path, 4, None, index=None)  # an old kernel without these files still lists the node
    (tmp_path / "vbi0").mkdir()
    (tmp_path / "video-extra").mkdir()
    assert sysfs_cameras(tmp_path) == [CameraDevice(4, "video4")]


def test_no_video4linux_means_no_camera(tmp_path) -> None:
    assert list_cameras(tmp_path / "missing", platform="linux") == []


def test_elsewhere_only_indices_that_open_are_listed() -> None:
    tried = []

    def opens(index: int) -> bool:
        tried.append(index)
        return index < 2

    assert probed_cameras(opens) == [CameraDevice(0, "Camera 1 (system default)"), CameraDevice(1, "Camera 2")]
    assert tried == [0, 1, 2]
    assert list_cameras(opens=lambda index: False, platform="darwin") == []


def test_the_saved_choice_stays_when_it_is_unplugged() -> None:
    brio = [CameraDevice(2, "Logitech BRIO")]
    assert with_saved(brio, 2) == brio
    assert with_saved(brio, 0) == [*brio, CameraDevice(0, "Device 0 (not connected)")]
    assert with_saved([], 0) == [CameraDevice(0, "No camera connected")]
