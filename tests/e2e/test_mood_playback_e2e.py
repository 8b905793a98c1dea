"""End to end: a face on video goes from happy to sad, and the app, with real VLC, plays happy music
and then sad music. Everything is real: the pipeline on the video (in real time), the perception
worker thread, the library scanned from the demo files, the thread-pool task runner, the mood DJ and
libvlc with its dummy audio output. What was played is read back from VLC's own media."""
from __future__ import annotations

import random
import threading

import pytest

from emotune.player.base_player import PlayerState



@pytest.fixture
def vlc_player():
    from emotune.player.vlc_player import VlcPlayer, vlc_available

    ok, why = vlc_available()
    if not ok:
        pytest.skip(why)

    class RecordingVlcPlayer(VlcPlayer):
        """After each play(), notes the media libvlc itself holds (its MRL), not the uri it was asked for."""

        def __init__(self, vlc_args):
            super().__init__(vlc_args)
            self.played_mrls: list[str] = []
            self._mrl_lock = threading.Lock()

        def play(self, uri):
            super().play(uri)
            media = self._player.get_media()
            if media is not None:
                with self._mrl_lock:
                    self.played_mrls.append(media.get_mrl())
                media.release()

    player = RecordingVlcPlayer(["--aout=dummy"])
    yield player
    player.close()


def _mood_of(window, mrl: str) -> str:
    from urllib.parse import unquote, urlparse

    path = unquote(urlparse(mrl).path)
    track = window.services.database.track_by_path(path)
    assert track is not None, f"VLC played {path}, which is not in the library"
    return track.mood


def test_happy_then_sad_face_plays_happy_then_sad_music(make_window, demo_library, happy_then_sad_video,
                                                        vlc_player, qtbot):
    from emotune.ui.task_runner import TaskRunner

    video, happy_s, _sad_s = happy_then_sad_video
    # The DJ draws among tracks that fit nearly as well as the nearest (variety): with a seeded draw the
    # run is reproducible, while what fits still comes from the faces the pipeline reads.
    window = make_window(folders=[demo_library], player=vlc_player, runner=TaskRunner(), with_perception=True,
                         initial_video=str(video), settings_values={"switch_behaviour": "immediate"},
                         rng=random.Random(2026))
    panel = window.emotion_panel
    chosen = []  # what the DJ chose and why, for the failure message
    window.services.dj.on_selection(lambda track, reason: chosen.append((track.mood, reason)))
    qtbot.waitUntil(lambda: panel.headline.text().endswith("Happy"), timeout=happy_s * 1000)
    window.player_bar.transport.play_button.click()  # the listener presses Play; the mood chooses
    qtbot.waitUntil(lambda: len(vlc_player.played_mrls) == 1, timeout=5000)
    qtbot.waitUntil(lambda: vlc_player.position() > 0.5, timeout=5000)  # VLC really decodes it
    assert _mood_of(window, vlc_player.played_mrls[0]) == "happy"
    assert "→ match → happy" in panel.reason.text()

    qtbot.waitUntil(lambda: panel.headline.text().endswith("Sad"), timeout=20000)
    qtbot.waitUntil(lambda: len(vlc_player.played_mrls) >= 2, timeout=5000)
    started = vlc_player.position()
    qtbot.waitUntil(lambda: vlc_player.state is PlayerState.PLAYING and vlc_player.position() > started + 0.5,
                    timeout=5000)
    moods = [_mood_of(window, mrl) for mrl in vlc_player.played_mrls]
    seen = [mood for _t, mood in window.history.seen]
    assert moods[0] == "happy" and moods[-1] == "sad", (moods, chosen, seen)
    qtbot.waitUntil(lambda: "Sad" in panel.reason.text() and "→ sad" in panel.reason.text(), timeout=3000)
    assert [segment.mood for segment in window.history.played][-1] == "sad"
    assert "sad" in [mood for _t, mood in window.history.seen]
