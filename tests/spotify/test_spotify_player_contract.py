"""SpotifyPlayer runs the shared player contract (tests/player/test_player_contract.py) against the fake
Spotify server, with the real spotipy underneath.

The contract names its media after the local files it was written for; here ``tone_wav`` and
``short_ogg`` are fake Spotify tracks of the same lengths (4 s and 1.5 s), and ``str()`` of a URI is the
URI. The two file-only cases (a missing file raises, a file that is not audio ends in ERROR) have their
Spotify counterparts below: a path is refused at once, a track Spotify lacks ends in ERROR.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from emotune.errors import SpotifyError
from emotune.player.base_player import BasePlayer, PlayerState
from emotune.spotify.spotify_player import SpotifyPlayer
from emotune.spotify.errors import SpotifyErrorKind
from tests.player.test_player_contract import (  # noqa: F401 (collected here, against SpotifyPlayer)
    test_a_failing_subscriber_does_not_break_playback,
    test_a_new_player_is_stopped,
    test_pause_holds_the_position_and_resume_continues,
    test_play_reaches_playing_knows_the_duration_and_reports_positions,
    test_playing_another_track_replaces_the_first_without_finishing_it,
    test_seek_moves_the_position,
    test_seeking_to_the_end_finishes_the_track,
    test_stop_forgets_the_track_and_reports_no_finish,
    test_track_finished_fires_once_at_the_natural_end,
    test_volume_is_kept_and_clamped,
)
from tests.tools.player_events import Recorder
from tests.tools.player_events import wait_for as wait_for_condition


@pytest.fixture
def player(linked) -> Iterator[BasePlayer]:
    backend = SpotifyPlayer(linked.client, lambda: linked.device_id, poll_interval_s=1.0)
    yield backend
    backend.close()
    backend.wait_closed(5.0)


@pytest.fixture
def tone_wav(fake) -> str:
    return fake.add_track("tone4", 4.0)


@pytest.fixture
def short_ogg(fake) -> str:
    return fake.add_track("short15", 1.5)


@pytest.fixture
def wait_for() -> Callable[..., None]:
    return wait_for_condition


@pytest.fixture
def record() -> Callable[[BasePlayer], Recorder]:
    return Recorder


def test_a_path_is_refused_at_once(player: BasePlayer) -> None:
    with pytest.raises(SpotifyError) as caught:
        player.play("/music/gone.mp3")
    assert caught.value.kind is SpotifyErrorKind.INVALID_URI
    assert player.state is PlayerState.STOPPED


def test_a_track_spotify_does_not_have_ends_in_the_error_state(player: BasePlayer, record, wait_for) -> None:
    events = record(player)
    player.play("spotify:track:doesnotexist")
    wait_for(lambda: player.state is PlayerState.ERROR)
    wait_for(lambda: events.errors)
    assert isinstance(events.errors[0], SpotifyError) and events.errors[0].kind is SpotifyErrorKind.NOT_FOUND
    assert events.finished == []
