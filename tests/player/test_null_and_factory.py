from __future__ import annotations

from pathlib import Path

import pytest

from emotune.errors import PlayerError
from emotune.player.base_player import PlayerState
from emotune.player.factory import create_player
from emotune.player.null_player import NullPlayer
from emotune.player.vlc_player import vlc_available


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_null_player_keeps_time_on_its_clock_and_finishes_after_the_duration(record, wait_for) -> None:
    clock = FakeClock()
    player = NullPlayer(durations={"mem://song": 30.0}, clock=clock)
    events = record(player)
    try:
        player.play("mem://song")
        clock.now += 12.5
        assert (player.position(), player.duration()) == (12.5, 30.0)
        player.pause()
        clock.now += 100
        assert player.position() == 12.5
        player.resume()
        player.seek(25.0)
        clock.now += 4.0
        assert player.position() == 29.0
        clock.now += 1.5
        wait_for(lambda: events.finished, timeout=5)
        assert events.finished == ["mem://song"]
        assert player.state is PlayerState.STOPPED
    finally:
        player.close()


def test_null_player_reads_durations_from_files_and_defaults_for_streams(tmp_path: Path, short_ogg: Path) -> None:
    player = NullPlayer(default_duration=42.0)
    try:
        player.play(str(short_ogg))
        assert player.duration() == pytest.approx(1.5, abs=0.05)
        player.play("http://radio.example/stream")
        assert player.duration() == 42.0
    finally:
        player.close()
    with pytest.raises(PlayerError, match="closed"):
        player.play("http://radio.example/stream")


def test_factory_builds_backends_by_name() -> None:
    null = create_player("null", durations={"a": 1.0})
    assert isinstance(null, NullPlayer) and null.reason == ""
    null.close()
    with pytest.raises(PlayerError, match="Unknown audio backend"):
        create_player("gramophone")
    available, _why = vlc_available()
    vlc = create_player("vlc", vlc_args=["--aout=dummy"])
    try:
        assert vlc.name == ("vlc" if available else "null")
    finally:
        vlc.close()
