"""The Local/Spotify switch with Spotify as the source: the mood picks a Spotify playlist, which plays
on the user's device, and when Spotify cannot play the window falls back to the local library.
Spotify is the project's fake Spotify server (tests/spotify/fake_spotify.py), on a loopback port."""
import urllib.request

import pytest

from emotune.player.base_player import PlayerState
from spotify.fake_spotify import CLIENT_ID
from ui.test_mood_playback import hold


@pytest.fixture
def spotify_window(fake, make_window, demo_library, tmp_path):  # fake first: it stops after the window
    from emotune.spotify.service import SpotifyService
    from emotune.spotify.token_store import FileTokenStore

    def follow_in_browser(url):
        with urllib.request.urlopen(url, timeout=5):
            return True

    def make_spotify(settings):
        service = SpotifyService(settings, token_store=FileTokenStore(tmp_path / "spotify_token.json"),
                                 open_url=follow_in_browser, request_timeout_s=2.0, login_timeout_s=5.0,
                                 poll_interval_s=1.0, environ={})
        service.link()
        return service

    return make_window(folders=[demo_library], with_spotify=True, make_spotify=make_spotify, settings_values={
        "spotify_client_id": CLIENT_ID, "spotify_api_base": fake.base_url,
        "spotify_accounts_base": fake.base_url, "spotify_redirect_port": 0})


def _context(fake):
    return fake.playback.context_uri if fake.playback else ""


def test_spotify_plays_the_playlist_for_the_mood(spotify_window, fake, qtbot):
    window = spotify_window
    assert window.source_switch.buttons["spotify"].isEnabled()
    hold(window, "happy")
    window.source_switch.buttons["spotify"].click()
    assert window.pages.currentIndex() == 1 and window.settings.get("source") == "spotify"
    qtbot.waitUntil(lambda: _context(fake) == "spotify:playlist:pubHappy", timeout=8000)
    qtbot.waitUntil(lambda: "Spotify: 'Happy Hits'" in window.emotion_panel.reason.text(), timeout=3000)
    qtbot.waitUntil(lambda: window.services.spotify.player.state is PlayerState.PLAYING, timeout=8000)
    assert window.services.player.state is not PlayerState.PLAYING  # the local player stays quiet

    hold(window, "sad")
    qtbot.waitUntil(lambda: _context(fake) == "spotify:playlist:pubSad", timeout=8000)
    qtbot.waitUntil(lambda: "Sad 80% → match → sad" in window.emotion_panel.reason.text(), timeout=3000)

    window.player_bar.transport.play_button.click()  # pause goes to Spotify
    qtbot.waitUntil(lambda: fake.playback.resumed_at is None, timeout=8000)

    window.source_switch.buttons["local"].click()
    assert window.pages.currentIndex() == 0 and window.settings.get("source") == "local"
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=3000)
    assert window.playback.current.mood == "sad"


def test_without_a_device_spotify_falls_back_to_local_for_the_session(spotify_window, fake, qtbot):
    window = spotify_window
    devices, fake.devices = fake.devices, []  # no Spotify app open anywhere
    hold(window, "happy")
    window.source_switch.buttons["spotify"].click()
    qtbot.waitUntil(lambda: window.source_switch.value() == "local", timeout=10000)
    assert window.pages.currentIndex() == 0
    assert "device" in window.statusBar().currentMessage().lower() or "spotify" in window.statusBar().currentMessage().lower()
    assert window.settings.get("source") == "spotify"  # the listener's choice: the next start tries Spotify again

    fake.devices = devices  # the Spotify app is open by the next start
    window.router.restore()
    assert window.source_switch.value() == "spotify" and window.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: _context(fake) == "spotify:playlist:pubHappy", timeout=8000)


def test_switching_to_spotify_without_an_account_explains_and_local_music_plays_on(fake, make_window, demo_library,
                                                                                   tmp_path, qtbot):
    from emotune.spotify.service import SpotifyService
    from emotune.spotify.token_store import FileTokenStore

    def make_spotify(settings):
        return SpotifyService(settings, token_store=FileTokenStore(tmp_path / "spotify_token.json"),
                              open_url=lambda url: True, request_timeout_s=2.0, environ={})

    window = make_window(folders=[demo_library], with_spotify=True, make_spotify=make_spotify, settings_values={
        "spotify_client_id": CLIENT_ID, "spotify_api_base": fake.base_url, "spotify_accounts_base": fake.base_url,
        "spotify_redirect_port": 0})
    failures = []
    window.router.failed.connect(failures.append)
    window.playback.start_mood_playback()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=3000)
    window.source_switch.buttons["spotify"].click()
    assert failures and failures[-1].short == "Spotify is not ready"
    assert "link your account" in failures[-1].detail and "local music keeps playing" in failures[-1].detail
    assert window.settings.get("source") == "local" and window.services.player.state is PlayerState.PLAYING
    assert "choosing music" not in window.player_bar.now_playing.subtitle.text()


def test_a_start_on_spotify_without_an_account_explains_and_saves_local(fake, make_window, demo_library, tmp_path,
                                                                         qtbot):
    from emotune.spotify.service import SpotifyService
    from emotune.spotify.token_store import FileTokenStore

    def make_spotify(settings):  # the account was unlinked since Spotify was chosen
        return SpotifyService(settings, token_store=FileTokenStore(tmp_path / "spotify_token.json"),
                              open_url=lambda url: True, request_timeout_s=2.0, environ={})

    window = make_window(folders=[demo_library], with_spotify=True, make_spotify=make_spotify, settings_values={
        "spotify_client_id": CLIENT_ID, "spotify_api_base": fake.base_url, "spotify_accounts_base": fake.base_url,
        "spotify_redirect_port": 0, "source": "spotify"})
    assert window.source_switch.value() == "local" and window.pages.currentIndex() == 0
    assert window.statusBar().currentMessage() == "Spotify is not ready"
    assert "link your account" in window.statusBar().toolTip()
    assert window.settings.get("source") == "local"  # nothing to come back to: no error at every start


def test_the_spotify_page_keeps_its_controls_whole_at_the_minimum_window_size(spotify_window, qtbot):
    from PySide6.QtWidgets import QComboBox

    window = spotify_window
    window.resize(window.minimumSize())
    window.show()
    window.pages.setCurrentIndex(1)
    qtbot.waitExposed(window)
    qtbot.wait(50)
    combos = window.spotify_page.findChildren(QComboBox)
    assert combos and all(combo.height() >= combo.sizeHint().height() for combo in combos)
