"""Calibrate to my face in the real window: the camera card's button reads the face on video for the
capture time, stores a bounded calibration with the settings, applies it, and Settings can drop it."""
from __future__ import annotations

import emotune.ui.face_calibration_controller as controller_module


def test_calibrate_from_the_camera_card_then_forget_it_in_settings(make_window, demo_library, happy_then_sad_video,
                                                                    qtbot, monkeypatch):
    monkeypatch.setattr(controller_module, "CAPTURE_S", 3.0)  # the video's happy part: 8 s
    video = happy_then_sad_video[0]
    window = make_window(folders=[demo_library], with_perception=True, initial_video=str(video))
    qtbot.waitUntil(lambda: window.perception.running, timeout=10000)
    messages, faces_read = [], []
    window.calibration.finished.connect(messages.append)
    window.perception.result_ready.connect(
        lambda result: faces_read.append(1) if window.calibration.running and result.raw_probs is not None else None)
    window.camera_panel.calibrate_button.click()
    assert window.calibration.running and not window.camera_panel.calibrate_button.isEnabled()
    window.calibration.start()  # again while reading (a shortcut, a double click): changes nothing
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert len(window.calibration._readings) == len(faces_read) > 0  # each face read counted once
    assert window.camera_panel.calibrate_button.isEnabled()
    assert messages[0].startswith("Your relaxed face read Happy")
    stored = window.settings.get("face_calibration")
    assert stored and stored.get("happy", 0) < 0 and "neutral" not in stored  # happy lowered, boundedly
    assert window.perception.pipeline.calibration.active

    dialog = window.open_settings()
    dialog.keep_calibration.setChecked(False)
    dialog.accept()
    assert window.settings.get("face_calibration") == {} and not window.perception.pipeline.calibration.active


def test_calibrating_with_the_camera_off_says_what_to_do(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library], with_perception=True)
    failures = []
    window.calibration.failed.connect(failures.append)
    window.camera_panel.calibrate_button.click()
    assert failures and failures[0].short == "Turn the camera on first"
