"""One contract, every backend: the same tests run against NullPlayer, VlcPlayer (VLC is skipped
only where libvlc cannot be loaded) and the CrossfadePlayer that presents two decks as one, and against SpotifyPlayer on the fake Spotify server
(``tests/spotify/test_spotify_player_contract.py`` imports these tests and provides ``player``, ``record``,
``wait_for``, and ``tone_wav`` / ``short_ogg`` as items of 4 s and 1.5 s)."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from emotune.errors import PlayerError
from emotune.player.base_player import BasePlayer, OutputDevice, PlayerState
from emotune.player.crossfade_player import CrossfadePlayer
from emotune.player.null_player import NullPlayer
from emotune.player.vlc_player import VlcPlayer, vlc_available

TIMEOUT_S = 8.0


@pytest.fixture(params=["null", "vlc", "crossfade"])
def player(request: pytest.FixtureRequest) -> Iterator[BasePlayer]:
    if request.param == "vlc":
        available, why = vlc_available()
        if not available:
            pytest.skip(why)
        backend: BasePlayer = VlcPlayer(["--aout=dummy"])
    elif request.param == "crossfade":  # the app's player: two decks presented as one
        backend = CrossfadePlayer((NullPlayer(), NullPlayer()))
    else:
        backend = NullPlayer()
    yield backend
    backend.close()


def test_a_new_player_is_stopped(player: BasePlayer) -> None:
    assert (player.state, player.position(), player.duration()) == (PlayerState.STOPPED, 0.0, 0.0)


def test_play_reaches_playing_knows_the_duration_and_reports_positions(
        player: BasePlayer, tone_wav: Path, record, wait_for) -> None:
    events = record(player)
    player.play(str(tone_wav))
    wait_for(lambda: player.state is PlayerState.PLAYING)
    wait_for(lambda: player.duration() > 0)
    assert player.duration() == pytest.approx(4.0, abs=0.15)
    wait_for(lambda: player.position() > 0.2)
    wait_for(lambda: len(events.positions) >= 2)
    assert all(0.0 <= position <= 4.1 and duration == pytest.approx(4.0, abs=0.15)
               for position, duration in events.positions)
    assert events.states[0] is PlayerState.PLAYING


def test_pause_holds_the_position_and_resume_continues(
        player: BasePlayer, tone_wav: Path, record, wait_for) -> None:
    events = record(player)
    player.play(str(tone_wav))
    wait_for(lambda: player.position() > 0.1)
    player.pause()
    assert player.state is PlayerState.PAUSED
    held = player.position()
    time.sleep(0.4)  # measuring that nothing moves needs some time to pass
    assert player.position() == pytest.approx(held, abs=0.05)
    player.pause()  # a second pause is a no-op
    player.resume()
    assert player.state is PlayerState.PLAYING
    wait_for(lambda: player.position() > held + 0.2)
    player.resume()  # resuming while playing is a no-op
    assert events.states[:3] == [PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.PLAYING]


def test_seek_moves_the_position(player: BasePlayer, tone_wav: Path, wait_for) -> None:
    player.play(str(tone_wav))
    wait_for(lambda: player.position() > 0.05)
    player.pause()
    player.seek(2.0)
    wait_for(lambda: abs(player.position() - 2.0) < 0.25)
    player.resume()
    wait_for(lambda: player.position() > 2.1)


def test_play_from_starts_part_way_in(player: BasePlayer, tone_wav: Path, wait_for) -> None:
    """A resumed track: it plays on from where it was left, never from its start."""
    player.play_from(str(tone_wav), 2.5)
    assert player.state is PlayerState.PLAYING
    wait_for(lambda: player.position() > 2.4)
    assert player.position() < 3.9


def test_volume_is_kept_and_clamped(player: BasePlayer, tone_wav: Path, wait_for) -> None:
    player.set_volume(35)
    assert player.volume() == 35
    player.play(str(tone_wav))
    wait_for(lambda: player.state is PlayerState.PLAYING)
    assert player.volume() == 35
    player.set_volume(150)
    assert player.volume() == 100
    player.set_volume(-5)
    assert player.volume() == 0


def test_track_finished_fires_once_at_the_natural_end(
        player: BasePlayer, short_ogg: Path, record, wait_for) -> None:
    events = record(player)
    player.play(str(short_ogg))
    wait_for(lambda: events.finished, timeout=1.5 + TIMEOUT_S)
    assert events.finished == [str(short_ogg)]
    assert player.state is PlayerState.STOPPED
    assert (player.position(), player.duration()) == (0.0, 0.0)
    assert events.states == [PlayerState.PLAYING, PlayerState.STOPPED]


def test_seeking_to_the_end_finishes_the_track(player: BasePlayer, tone_wav: Path, record, wait_for) -> None:
    events = record(player)
    player.play(str(tone_wav))
    wait_for(lambda: player.position() > 0.05)
    player.seek(3.6)
    wait_for(lambda: events.finished)
    assert events.finished == [str(tone_wav)]


def test_stop_forgets_the_track_and_reports_no_finish(
        player: BasePlayer, tone_wav: Path, record, wait_for) -> None:
    events = record(player)
    player.play(str(tone_wav))
    wait_for(lambda: player.position() > 0.05)
    player.stop()
    assert (player.state, player.position(), player.duration()) == (PlayerState.STOPPED, 0.0, 0.0)
    player.seek(1.0)  # seeking while stopped does nothing
    assert player.position() == 0.0
    time.sleep(0.5)  # long enough for a wrongly pending "finished" to arrive
    assert events.finished == []


def test_playing_another_track_replaces_the_first_without_finishing_it(
        player: BasePlayer, tone_wav: Path, short_ogg: Path, record, wait_for) -> None:
    events = record(player)
    player.play(str(tone_wav))
    wait_for(lambda: player.position() > 0.05)
    player.play(str(short_ogg))
    wait_for(lambda: events.finished, timeout=1.5 + TIMEOUT_S)
    assert events.finished == [str(short_ogg)]


def test_a_missing_file_raises_player_error(player: BasePlayer, tmp_path: Path) -> None:
    with pytest.raises(PlayerError, match="File not found"):
        player.play(str(tmp_path / "gone.mp3"))
    assert player.state is PlayerState.STOPPED


def test_a_file_that_is_not_audio_ends_in_the_error_state(
        player: BasePlayer, not_audio: Path, record, wait_for) -> None:
    events = record(player)
    player.play(str(not_audio))
    wait_for(lambda: player.state is PlayerState.ERROR)
    wait_for(lambda: events.errors)
    assert isinstance(events.errors[0], PlayerError)
    assert events.finished == []


def test_a_failing_subscriber_does_not_break_playback(
        player: BasePlayer, short_ogg: Path, record, wait_for) -> None:
    events = record(player)

    def broken(_position: float, _duration: float) -> None:
        raise RuntimeError("a buggy widget")

    player.on_position_changed(broken)
    player.play(str(short_ogg))
    wait_for(lambda: events.finished, timeout=1.5 + TIMEOUT_S)


def test_output_devices_are_listed_and_choosing_one_keeps_the_track_playing(
        player: BasePlayer, tone_wav: Path, wait_for) -> None:
    devices = player.output_devices()  # none with a dummy or silent output
    assert all(isinstance(device, OutputDevice) for device in devices)
    player.play(str(tone_wav))
    wait_for(lambda: player.state is PlayerState.PLAYING)
    player.set_output_device(devices[0].id if devices else "")
    assert player.state is PlayerState.PLAYING
