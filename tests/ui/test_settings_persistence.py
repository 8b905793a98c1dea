"""Settings are validated by type and saved when they change, so a crash or a hand edit loses nothing else."""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from emotune.paths import config_dir
from emotune.settings import OPTIONS_BY_NAME, Settings


def test_a_wrong_typed_value_falls_back_to_the_default_with_a_warning(tmp_path: Path, caplog) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "library_folders": "/home/me/Music", "volume": "loud", "shuffle": "yes", "policy": 3,
        "spotify_mood_playlists": ["not", "a", "dict"], "camera_index": 1.5, "manual_mood": ["sad"],
        "responsiveness": 1, "spotify_redirect_port": 9000.0, "source": "spotify",
        "face_calibration": {"sad": "x", "angry": None},
    }))
    with caplog.at_level(logging.WARNING, logger="emotune.settings"):
        settings = Settings(path)
    assert settings.get("library_folders") == []  # never ['/', 'h', 'o', 'm', 'e', ...]
    for name in ("volume", "shuffle", "policy", "spotify_mood_playlists", "camera_index", "manual_mood",
                 "face_calibration"):
        assert settings.get(name) == OPTIONS_BY_NAME[name].default, name
        assert any(name in record.getMessage() for record in caplog.records), name
    assert settings.get("responsiveness") == 1.0 and isinstance(settings.get("responsiveness"), float)
    assert settings.get("spotify_redirect_port") == 9000 and isinstance(settings.get("spotify_redirect_port"), int)
    assert settings.get("source") == "spotify"
    assert Settings(tmp_path / "settings.json").get("library_folders") == []


def test_a_dict_keeps_only_values_of_its_declared_kind(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"face_calibration": {"sad": -1, "angry": -0.5},
                                "spotify_mood_playlists": {"happy": 7}}))
    settings = Settings(path)
    assert settings.get("face_calibration") == {"sad": -1.0, "angry": -0.5}  # a whole number is a number
    assert settings.get("spotify_mood_playlists") == {}  # a URI is text


def test_a_list_of_folders_with_a_non_text_item_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"library_folders": ["/music", 3]}))
    assert Settings(path).get("library_folders") == []
    path.write_text(json.dumps({"library_folders": ["/music", "/more music"]}))
    assert Settings(path).get("library_folders") == ["/music", "/more music"]


def test_listeners_hear_each_change_of_value_once(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    heard: list[str] = []
    settings.on_change.append(heard.append)
    settings.set("volume", 40)
    settings.set("volume", 40)  # same value: nothing changed
    settings.set("policy", "lift")
    assert heard == ["volume", "policy"]


_WRITER = """
import sys
from pathlib import Path
from emotune.settings import Settings
settings = Settings(Path(sys.argv[1]))
i = 0
while True:
    i += 1
    settings.set("volume", i % 101)
    settings.set("library_folders", [f"/music/{i}/" + "x" * 2000])
    settings.save()
"""


def test_killing_a_process_while_it_writes_never_leaves_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)])
        try:
            deadline = time.monotonic() + 20
            while not path.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.2)  # let it write many times over
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        settings = Settings(path)
        assert settings.warning is None
        assert settings.get("library_folders")[0].startswith("/music/")
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []


def test_a_restart_after_a_crash_keeps_folder_policy_volume_and_scans(make_window, demo_library, qtbot) -> None:
    window = make_window(wait_for_tracks=False)
    window.library.add_folder(str(demo_library))
    qtbot.waitUntil(lambda: window.model.rowCount() == 15, timeout=20000)
    window._volume_changed(33)
    window._policy_chosen("lift")
    path = config_dir() / "settings.json"
    qtbot.waitUntil(lambda: path.exists() and Settings(path).get("volume") == 33, timeout=5000)
    # the window is never closed: what is on disk is what a crash would leave
    saved = Settings(path)
    assert saved.get("library_folders") == [str(demo_library.resolve())]
    assert saved.get("policy") == "lift"

    restarted = make_window()  # reads the settings file again, as a plain restart does
    assert restarted.settings.get("volume") == 33 and restarted.settings.get("policy") == "lift"
    qtbot.waitUntil(lambda: restarted.scans.last_report is not None, timeout=20000)
    assert restarted.scans.last_report.unchanged == 15
