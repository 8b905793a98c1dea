"""spotipy and the HTTP stack under it (about 37 MB of memory) load only once Spotify is used.

A fresh interpreter starts the window as the app does, with Spotify enabled, for a user who entered a
client ID but never linked: the Spotify page opened, the Spotify source chosen (which explains that
linking comes first) and ``status()`` asked. None of that may import spotipy, requests or urllib3; the
first call that needs the Web API client does. The keyring (another 21 MB) loads only when the token
store is first read, here by the Spotify page. The child's keyring is keyring's placeholder, so the
tokens would go to a file in its own EMOTUNE_HOME and the developer's keyring is never read.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

START_UNLINKED_THEN_CALL_THE_API = """
import json, sys
from PySide6.QtWidgets import QApplication
from emotune.app import build_services
from emotune.errors import SpotifyError
from emotune.paths import config_dir
from emotune.player.crossfade_player import CrossfadePlayer
from emotune.player.null_player import NullPlayer
from emotune.settings import Settings, UiState
from emotune.ui.main_window import MainWindow
from emotune.ui.task_runner import SyncTaskRunner

HEAVY = ("spotipy", "requests", "urllib3", "keyring")
loaded = lambda: [name for name in HEAVY if name in sys.modules]
app = QApplication([])
settings = Settings(config_dir() / "settings.json")
settings.set("spotify_client_id", "lazy-client")
settings.set("spotify_api_base", "http://127.0.0.1:9")  # the discard port: nothing here may reach Spotify
settings.set("spotify_accounts_base", "http://127.0.0.1:9")
services = build_services(settings, UiState(config_dir() / "ui_state.json"),
                          player=CrossfadePlayer((NullPlayer(), NullPlayer())), runner=SyncTaskRunner(),
                          with_perception=False, with_spotify=True, start_camera=False)
window = MainWindow(services)
window.show()
app.processEvents()
report = {"window_shown": loaded()}
window.pages.setCurrentIndex(1)  # the Spotify page: its status check runs on show
app.processEvents()
window.router.choose("spotify")
report.update(state=services.spotify.status().state.value, at_start=loaded())
try:
    services.spotify.playlists()
except SpotifyError as error:
    report["api_call"] = error.kind
report["after_api_call"] = loaded()
window.close()
services.close()
print(json.dumps(report))
"""


def test_spotipy_loads_only_when_the_api_is_called(tmp_path) -> None:
    env = dict(os.environ, EMOTUNE_HOME=str(tmp_path / "emotune"), QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    done = subprocess.run([sys.executable, "-c", START_UNLINKED_THEN_CALL_THE_API], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"window_shown": [], "state": "not_linked", "at_start": ["keyring"], "api_call": "not_linked",
                      "after_api_call": ["spotipy", "requests", "urllib3", "keyring"]}
