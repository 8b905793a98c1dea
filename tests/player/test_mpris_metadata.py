"""The plain half of MPRIS: status names, metadata, seek targets, volume and cover-art files."""
from __future__ import annotations

import re
from pathlib import Path

from emotune.library.track import Track
from emotune.player.base_player import PlayerState
from emotune.player.mpris_metadata import (NO_TRACK, TRACK_ID_KEY, ArtFiles, PlaybackStatus, microseconds,
                                           notification_text, playback_status, seek_target, track_id,
                                           track_metadata, volume_fraction, volume_percent)

OBJECT_PATH = re.compile(r"^(/[A-Za-z0-9_]+)+$")


def test_every_player_state_has_a_status():
    assert playback_status(PlayerState.PLAYING) is PlaybackStatus.PLAYING
    assert playback_status(PlayerState.PAUSED) is PlaybackStatus.PAUSED
    assert playback_status(PlayerState.STOPPED) is PlaybackStatus.STOPPED
    assert playback_status(PlayerState.ERROR) is PlaybackStatus.STOPPED
    assert [status.value for status in PlaybackStatus] == ["Playing", "Paused", "Stopped"]


def test_metadata_of_a_library_track(tmp_path):
    path = tmp_path / "Blue Monday.flac"
    track = Track(path=str(path), title="Blue Monday", artist="New Order", album="Power", genre="Synth-pop",
                  duration=448.5, id=12)
    metadata = track_metadata(track, duration_s=1.0, art_url="file:///tmp/cover.png")
    assert metadata == {
        TRACK_ID_KEY: "/org/emotune/track/12",
        "xesam:title": "Blue Monday",
        "xesam:artist": ["New Order"],
        "xesam:album": "Power",
        "xesam:genre": ["Synth-pop"],
        "xesam:url": path.as_uri(),
        "mpris:length": 448_500_000,
        "mpris:artUrl": "file:///tmp/cover.png",
    }


def test_metadata_leaves_out_what_is_unknown_and_takes_the_players_length():
    metadata = track_metadata(Track(path="/music/untitled.ogg", id=3), duration_s=61.25)
    assert metadata == {TRACK_ID_KEY: "/org/emotune/track/3", "xesam:title": "untitled",
                        "xesam:url": "file:///music/untitled.ogg", "mpris:length": 61_250_000}
    assert track_metadata(None) == {TRACK_ID_KEY: NO_TRACK}


def test_track_ids_are_object_paths_even_without_a_library_id():
    spotify = Track(path="spotify:track:4uLU6hMCjMI75M1A2tKUQC", title="Never")
    assert OBJECT_PATH.match(track_id(spotify))
    assert track_id(spotify) == track_id(Track(path=spotify.path))  # stable
    assert track_id(spotify) != track_id(Track(path="spotify:track:other"))
    assert track_metadata(spotify)["xesam:url"] == spotify.path
    assert OBJECT_PATH.match(track_id(Track(path="/a.mp3", id=7)))


def test_seek_targets():
    assert seek_target(10.0, 5_000_000, 180.0) == 15.0
    assert seek_target(10.0, -20_000_000, 180.0) == 0.0  # before the start: the start
    assert seek_target(178.0, 5_000_000, 180.0) is None  # past the end: Next
    assert seek_target(3.0, 1_000_000, 0.0) == 4.0  # unknown length: no end to pass


def test_time_and_volume_conversions():
    assert microseconds(2.5) == 2_500_000 and microseconds(-1.0) == 0
    assert volume_fraction(80) == 0.8 and volume_fraction(130) == 1.0
    assert volume_percent(0.35) == 35 and volume_percent(1.7) == 100 and volume_percent(-0.2) == 0


def test_notification_text():
    assert notification_text(Track(path="/x.mp3", title="Song", artist="Band", album="Record")) == \
        ("Song", "Band — Record")
    assert notification_text(Track(path="/x.mp3", title="Song")) == ("Song", "")


def test_art_files_keep_one_cover_and_clean_up():
    art = ArtFiles()
    png = b"\x89PNG\r\n\x1a\n" + b"picture one"
    first = art.store(png)
    first_path = Path(first.removeprefix("file://"))
    assert first.endswith(".png") and first_path.read_bytes() == png
    second = art.store(b"\xff\xd8\xff" + b"picture two")
    assert second.endswith(".jpg") and second != first and not first_path.exists()
    assert art.store(None) == "" and not Path(second.removeprefix("file://")).exists()
    art.store(png)
    folder = first_path.parent
    art.close()
    assert not folder.exists()
