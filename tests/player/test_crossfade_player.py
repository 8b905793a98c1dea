"""The crossfade on two real libvlc decks: an overlap with equal-power ramps, one end reported, the
outgoing deck silent and stopped afterwards; and on null decks, a failed incoming track leaves the
outgoing one playing."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from emotune.errors import PlayerError
from emotune.player.base_player import PlayerState
from emotune.player.crossfade_player import CrossfadePlayer
from emotune.player.null_player import NullPlayer
from emotune.player.vlc_player import VlcPlayer, vlc_available


@pytest.fixture(scope="module")
def other_wav(media_dir: Path) -> Path:
    """A second WAV (3 s): libvlc's dummy output keeps real time for PCM, not for Vorbis."""
    from player.conftest import _write_tone

    return _write_tone(media_dir / "other.wav", 3.0)


@pytest.fixture
def vlc_decks():
    available, why = vlc_available()
    if not available:
        pytest.skip(why)
    player = CrossfadePlayer((VlcPlayer(["--aout=dummy"]), VlcPlayer(["--aout=dummy"])))
    yield player
    player.close()


def test_a_crossfade_overlaps_two_vlc_decks_and_reports_only_the_new_tracks_end(
        vlc_decks: CrossfadePlayer, tone_wav: Path, other_wav: Path, record, wait_for) -> None:
    player = vlc_decks
    events = record(player)
    player.set_volume(80)
    player.play(str(other_wav))
    wait_for(lambda: player.position() > 0.5)
    player.crossfade(str(tone_wav), 2.0)
    overlap = []
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline and player.fading:
        if all(deck.state is PlayerState.PLAYING for deck in player.decks):
            overlap.append(tuple(deck.volume() for deck in player.decks))
        time.sleep(0.05)
    assert overlap, "both decks never played at once"
    assert any(0 < a < 80 and 0 < b < 80 for a, b in overlap)  # mid-fade, both audible
    wait_for(lambda: not player.fading)
    assert [deck.state for deck in player.decks].count(PlayerState.PLAYING) == 1
    assert player.active.volume() == 80 and player.volume() == 80
    wait_for(lambda: events.finished, timeout=6.0)
    assert events.finished == [str(tone_wav)]  # the faded-out track's stop is not an end


def test_a_track_that_fails_at_once_leaves_the_outgoing_one_playing() -> None:
    decks = (NullPlayer(durations={"a": 100.0, "bad": None}), NullPlayer(durations={"a": 100.0, "bad": None}))
    player = CrossfadePlayer(decks)
    errors = []
    player.on_error(errors.append)
    try:
        player.play("a")
        player.crossfade("bad", 2.0)
        assert errors and player.state is PlayerState.PLAYING and not player.fading
        assert player.active.volume() == 100
    finally:
        player.close()


def test_no_sound_output_is_told_by_the_active_deck_only() -> None:
    player = CrossfadePlayer((NullPlayer(), NullPlayer()))
    told = []
    player.on_output_failed(told.append)
    try:
        player.decks[1]._emit_output_failed(PlayerError("idle deck", ""))
        player.decks[0]._emit_output_failed(PlayerError("No sound", ""))
        assert [error.short for error in told] == ["No sound"]
    finally:
        player.close()
