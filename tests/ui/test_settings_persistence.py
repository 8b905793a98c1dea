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
    }))
    with caplog.at_level(logging.WARNING, logger="emotune.settings"):
        settings = Settings(path)
    assert settings.get("library_folders") == []  # never ['/', 'h', 'o', 'm', 'e', ...]
    for name in ("volume", "shuffle", "policy", "spotify_mood_playlists", "camera_index", "manual_mood"):
        assert settings.get(name) == OPTIONS_BY_NAME[name].default, name
        assert any(name in record.getMessage() for record in caplog.records), name
    assert settings.get("responsiveness") == 1.0 and isinstance(settings.get("responsiveness"), float)
    assert settings.get("spotify_redirect_port") == 9000 and isinstance(settings.get("spotify_redirect_port"), int)
    assert settings.get("source") == "spotify"
    assert Settings(tmp_path / "settings.json").get("library_folders") == []


def test_a_list_of_folders_with_a_non_text_item_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"library_folders": ["/music", 3]}))
    assert Settings(path).get("library_folders") == []
    path.write_text(json.dumps({"library_folders": ["/music", "/more music"]}))
    assert Settings(path).get("library_folders") == ["/music", "/more music"]
