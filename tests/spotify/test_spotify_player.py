"""The Spotify player backend against the fake: commands reach the device, polling is polite and
notices what happens in the Spotify app, and the unavailable cases reach the fallback hook."""
from __future__ import annotations

import threading
import time

import pytest

from emotune.errors import SpotifyError
from emotune.player.base_player import PlayerState
from emotune.spotify.spotify_app import open_in_spotify_app
from emotune.spotify.spotify_player import SpotifyPlayer
from emotune.spotify.errors import SpotifyErrorKind
from tests.tools.player_events import Recorder as PlayerRecorder
from tests.tools.player_events import wait_for


class Recorder(PlayerRecorder):
    """Also records the Spotify player's own reports: unavailability and the item now playing."""

    def __init__(self, player: SpotifyPlayer) -> None:
        super().__init__(player)
        self.unavailable: list[SpotifyError] = []
        self.items: list[str] = []
        player.on_unavailable(lambda e: self._add(self.unavailable, e))
        player.on_item_changed(lambda now: self._add(self.items, now.item_uri))


@pytest.fixture
def player(linked):
    player = SpotifyPlayer(linked.client, lambda: linked.device_id, poll_interval_s=1.0)
    yield player
    player.close()
    player.wait_closed(5.0)


def test_a_playlist_plays_pauses_resumes_and_skips(player, fake) -> None:
    events = Recorder(player)
    player.play("spotify:playlist:plSunny")
    assert player.state is PlayerState.PLAYING  # at once, like every backend; the device follows
    wait_for(lambda: fake.playback is not None and fake.playback.context_uri == "spotify:playlist:plSunny")
    wait_for(lambda: events.items == ["spotify:track:sun1"] and player.duration() == 180.0)
    wait_for(lambda: events.positions)
    player.pause()
    assert player.state is PlayerState.PAUSED
    wait_for(lambda: fake.playback.resumed_at is None)
    held = player.position()
    player.resume()
    assert player.state is PlayerState.PLAYING
    wait_for(lambda: fake.playback.resumed_at is not None)
    assert player.position() >= held
    player.next()
    wait_for(lambda: events.items[-1:] == ["spotify:track:sun2"])
    player.set_volume(30)
    wait_for(lambda: fake.devices[0]["volume_percent"] == 30)
    assert not events.errors and not events.finished


def test_a_single_track_reports_its_end(player, fake) -> None:
    fake.set_track_seconds(1.5)
    events = Recorder(player)
    player.play("spotify:track:rain1")
    wait_for(lambda: events.finished == ["spotify:track:rain1"])
    assert player.state is PlayerState.STOPPED and player.position() == 0.0


def test_a_context_ends_after_its_last_track(player, fake) -> None:
    fake.set_track_seconds(1.5)
    events = Recorder(player)
    player.play("spotify:playlist:plRainy")
    wait_for(lambda: events.finished == ["spotify:playlist:plRainy"])
    assert events.items == ["spotify:track:rain1", "spotify:track:rain2"]


def test_a_pause_in_the_spotify_app_is_noticed(player, fake) -> None:
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: player.duration() > 0)
    with fake._lock:
        fake._settle()
        fake.playback.resumed_at = None
    wait_for(lambda: player.state is PlayerState.PAUSED)


def test_without_premium_the_fallback_hook_is_called(player, fake) -> None:
    fake.user["product"] = "free"
    events = Recorder(player)
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: events.unavailable)
    assert player.state is PlayerState.ERROR
    assert events.errors[0].kind == "premium_required" and events.unavailable[0] is events.errors[0]


def test_without_a_device_the_user_can_open_the_spotify_app(player, fake) -> None:
    fake.devices[0]["is_active"] = False
    events = Recorder(player)
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: events.unavailable)
    assert events.unavailable[0].kind == "no_active_device"
    opened: list[str] = []
    assert open_in_spotify_app("spotify:playlist:plSunny", opener=lambda uri: opened.append(uri) or True)
    assert opened == ["spotify:playlist:plSunny"]
    assert not open_in_spotify_app("spotify:playlist:plSunny", opener=lambda uri: 1 / 0)
    with pytest.raises(ValueError):
        open_in_spotify_app("https://example.org")


def test_a_rate_limit_while_polling_is_reported_once_and_respected(player, fake) -> None:
    events = Recorder(player)
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: events.items)
    fake.fail("/v1/me/player/currently-playing", 429, headers={"Retry-After": "3600"}, times=100)
    wait_for(lambda: events.errors)
    polls = fake.count("GET", "/v1/me/player/currently-playing")
    time.sleep(1.5)  # long enough for another poll, had the wait been ignored
    assert fake.count("GET", "/v1/me/player/currently-playing") == polls
    assert [e.kind for e in events.errors] == ["rate_limited"] and events.errors[0].retry_after == 3600
    assert player.state is PlayerState.PLAYING and player.position() > 0


def test_polling_is_never_faster_than_once_a_second(linked, fake) -> None:
    player = SpotifyPlayer(linked.client, poll_interval_s=0.05)
    try:
        player.play("spotify:playlist:plSunny")
        wait_for(lambda: player.state is PlayerState.PLAYING)
        start = fake.count("GET", "/v1/me/player/currently-playing")
        time.sleep(2.5)
        assert fake.count("GET", "/v1/me/player/currently-playing") - start <= 3
    finally:
        player.close()


def test_a_lost_login_while_playing_stops_with_relink(player, fake) -> None:
    events = Recorder(player)
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: events.items)
    fake.expire_access_tokens()
    fake.revoke_refresh_tokens()
    wait_for(lambda: events.unavailable)
    assert events.unavailable[0].kind == "needs_relink" and player.state is PlayerState.ERROR


def test_close_returns_at_once_and_the_worker_pauses_what_emotune_started(linked, fake) -> None:
    player = SpotifyPlayer(linked.client)
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: fake.playback is not None and fake.playback.resumed_at is not None)
    fake.fail("/v1/me/player/pause", 204, raw=b"", delay_s=0.8)  # a slow network on the way out
    started = time.monotonic()
    player.close()
    assert time.monotonic() - started < 0.2  # the window is not held up by the request
    with pytest.raises(SpotifyError) as caught:
        player.play("spotify:playlist:plSunny")
    assert caught.value.kind is SpotifyErrorKind.PLAYER_CLOSED
    closers = [t for t in threading.enumerate() if t.name == "spotify-player-close"]
    assert closers and not closers[0].daemon  # so the process waits for that pause after the window has gone
    assert player.wait_closed(5.0)  # the worker's last pause got through, then it ended
    assert fake.count("PUT", "/v1/me/player/pause") == 1


def test_a_rate_limited_play_is_played_after_spotifys_wait(player, fake) -> None:
    events = Recorder(player)
    fake.fail("/v1/me/player/play", 429, method="PUT", headers={"Retry-After": "2"})
    started = time.monotonic()
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: events.errors)
    said = events.errors[0]
    assert said.kind is SpotifyErrorKind.RATE_LIMITED and "starts the music in 2 s" in said.detail
    assert player.state is PlayerState.PLAYING  # still meant to play: nothing was forgotten
    wait_for(lambda: fake.playback is not None and fake.playback.context_uri == "spotify:playlist:plSunny")
    assert time.monotonic() - started >= 1.9
    assert fake.count("PUT", "/v1/me/player/play") == 2
    wait_for(lambda: events.items == ["spotify:track:sun1"])
    assert player.state is PlayerState.PLAYING and not events.unavailable


def test_a_long_rate_limit_on_play_falls_back_to_local_music(player, fake) -> None:
    events = Recorder(player)
    fake.fail("/v1/me/player/play", 429, method="PUT", headers={"Retry-After": "3600"})
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: events.unavailable)
    assert events.unavailable[0].kind is SpotifyErrorKind.RATE_LIMITED
    assert "local library" in events.unavailable[0].detail and player.state is PlayerState.ERROR


def test_a_stop_while_a_rate_limited_play_waits_cancels_it(player, fake) -> None:
    events = Recorder(player)
    fake.fail("/v1/me/player/play", 429, method="PUT", headers={"Retry-After": "1"})
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: events.errors)
    player.stop()
    time.sleep(1.5)  # past the retry time
    assert fake.count("PUT", "/v1/me/player/play") == 1 and fake.playback is None
    assert player.state is PlayerState.STOPPED


def test_a_poll_answered_before_a_pause_does_not_undo_it(player, fake) -> None:
    player.play("spotify:playlist:plSunny")
    wait_for(lambda: player.duration() > 0)
    fake.fail("/v1/me/player/currently-playing", 200, delay_s=0.6, json_body={
        "is_playing": True, "progress_ms": 5000, "item": fake.tracks["spotify:track:sun1"],
        "context": {"uri": "spotify:playlist:plSunny", "type": "playlist"}})
    wait_for(lambda: fake.count("GET", "/v1/me/player/currently-playing") >= 2, timeout=3)
    player.pause()  # while the slow poll is on its way
    time.sleep(1.0)
    assert player.state is PlayerState.PAUSED


def test_the_playlist_chosen_for_a_mood_plays_on_the_device(linked, fake) -> None:
    linked.set_mood_playlist("calm", "spotify:playlist:plFocus")
    source = linked.mood_source("calm")
    assert source.origin == "chosen"
    linked.player.play(source.uri)
    wait_for(lambda: fake.playback is not None and fake.playback.context_uri == "spotify:playlist:plFocus")
    assert linked.player.name == "spotify"
