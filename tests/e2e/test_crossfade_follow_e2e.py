"""End to end with real VLC: a brief sad expression changes nothing, a sad face that holds crossfades
into sad music. Everything is real: the pipeline on the video in real time, the perception worker,
the library scanned from the demo files, the thread-pool task runner, the mood DJ, and two libvlc
players (dummy audio output) crossfading. What each deck plays is read back from libvlc's own media."""
from __future__ import annotations

import random
import time
from urllib.parse import unquote, urlparse

import pytest

from emotune.player.base_player import PlayerState
from emotune.player.crossfade_player import CrossfadePlayer


@pytest.fixture
def crossfading_vlc():
    from emotune.player.vlc_player import VlcPlayer, vlc_available

    ok, why = vlc_available()
    if not ok:
        pytest.skip(why)

    class RecordingCrossfade(CrossfadePlayer):
        """Notes every start: (monotonic time, "play" or "crossfade", the MRL libvlc itself holds)."""

        def __init__(self) -> None:
            super().__init__((VlcPlayer(["--aout=dummy"]), VlcPlayer(["--aout=dummy"])))
            self.starts: list[tuple[float, str, str]] = []
            self.overlap_seen = False

        def _note(self, how: str) -> None:
            media = self.active._player.get_media()
            self.starts.append((time.monotonic(), how, media.get_mrl() if media else ""))
            if media is not None:
                media.release()

        def play(self, uri):
            super().play(uri)
            self._note("play")

        def crossfade(self, uri, seconds):
            fading_before = self.fading
            super().crossfade(uri, seconds)
            self._note("crossfade" if self.fading and not fading_before else "play")

        def tick(self):
            if self.fading and all(deck.state is PlayerState.PLAYING for deck in self.decks):
                self.overlap_seen = True
            super().tick()

    player = RecordingCrossfade()
    yield player
    player.close()


def _mood_of(window, mrl: str) -> str:
    track = window.services.database.track_by_path(unquote(urlparse(mrl).path))
    assert track is not None, f"VLC played {mrl}, which is not in the library"
    return track.mood


def test_a_blip_changes_nothing_and_a_held_mood_crossfades(make_window, demo_library, blip_then_held_video,
                                                           crossfading_vlc, qtbot):
    from emotune.ui.task_runner import TaskRunner

    video, _segments = blip_then_held_video
    window = make_window(folders=[demo_library], player=crossfading_vlc, runner=TaskRunner(), with_perception=True,
                         initial_video=str(video), rng=random.Random(2026))
    panel = window.emotion_panel
    qtbot.waitUntil(lambda: panel.headline.text().endswith("Happy"), timeout=10000)
    window.player_bar.transport.play_button.click()  # the listener presses Play; the mood chooses
    qtbot.waitUntil(lambda: len(crossfading_vlc.starts) == 1, timeout=5000)
    assert _mood_of(window, crossfading_vlc.starts[0][2]) == "happy"

    qtbot.waitUntil(lambda: any(how == "crossfade" for _, how, _ in crossfading_vlc.starts), timeout=35000)
    crossfades = [(t, mrl) for t, how, mrl in crossfading_vlc.starts if how == "crossfade"]
    moods = [(how, _mood_of(window, mrl)) for _, how, mrl in crossfading_vlc.starts]
    assert len(crossfades) == 1 and _mood_of(window, crossfades[0][1]) == "sad", moods
    # Every start before the held sadness followed a happy track ending on its own (demo tracks are
    # short): the blip neither cut nor faded anything.
    assert all(how == "play" and mood == "happy" for how, mood in moods[:-1]), moods
    qtbot.waitUntil(lambda: crossfading_vlc.overlap_seen, timeout=3000)  # both decks sounded at once
    qtbot.waitUntil(lambda: not crossfading_vlc.fading, timeout=8000)
    assert crossfading_vlc.active.state is PlayerState.PLAYING
    assert [deck.state for deck in crossfading_vlc.decks].count(PlayerState.PLAYING) == 1
    assert "Sad" in panel.reason.text() and "→ sad" in panel.reason.text()
