"""Which Spotify music a mood gets: the user's playlist, else a default search (≤ 10 results), else
a Liked Song; and the library reads the panel's pickers need."""
from __future__ import annotations

import random

import pytest

from emotune.errors import SpotifyError
from emotune.mood_space import TRACK_MOODS
from emotune.spotify.mood_sources import DEFAULT_QUERIES, MoodSources


def test_every_mood_has_a_default_search() -> None:
    assert set(DEFAULT_QUERIES) == set(TRACK_MOODS)


def test_the_users_choice_wins_and_is_saved(linked, settings) -> None:
    linked.set_mood_playlist("happy", "spotify:playlist:plSunny")
    source = linked.mood_source("happy")
    assert (source.uri, source.origin) == ("spotify:playlist:plSunny", "chosen")
    assert settings.get("spotify_mood_playlists") == {"happy": "spotify:playlist:plSunny"}
    linked.set_mood_playlist("happy", "")
    assert linked.mood_playlists() == {}
    with pytest.raises(ValueError):
        linked.set_mood_playlist("grumpy", "spotify:playlist:plSunny")


def test_a_default_search_skips_nulls_and_empty_playlists_and_is_remembered(linked, fake) -> None:
    source = linked.mood_source("happy")
    assert (source.uri, source.origin) == ("spotify:playlist:pubHappy", "search")
    assert "happy mood" in source.label
    assert linked.default_playlist("happy").name == "Happy Hits"
    searches = [q for m, p, q in fake.requests if p == "/v1/search"]
    assert len(searches) == 1 and searches[0]["limit"] == ["10"] and searches[0]["type"] == ["playlist"]


def test_search_never_asks_for_more_than_ten(linked, fake) -> None:
    assert [p.name for p in linked.client().search_playlists("calm", limit=50)] == ["Calm Waters"]
    assert fake.requests[-1][2]["limit"] == ["10"]


def test_liked_songs_stand_in_when_search_finds_nothing(linked, fake) -> None:
    fake.public_playlists.clear()
    source = MoodSources(linked.client(), random.Random(1)).resolve("sad", {})
    assert source.origin == "liked_songs" and source.uri in ("spotify:track:sun2", "spotify:track:calm1")
    assert "not matched" in source.label
    fake.saved_track_ids.clear()
    with pytest.raises(SpotifyError) as caught:
        MoodSources(linked.client()).resolve("sad", {})
    assert caught.value.kind == "no_source"


def test_playlists_devices_and_playlist_items(linked) -> None:
    playlists = linked.playlists()
    assert [(p.name, p.track_count) for p in playlists] == [("Sunny Mornings", 3), ("Rainy Days", 2), ("Focus", 2)]
    tracks = linked.playlist_tracks("spotify:playlist:plRainy")
    assert [(t.name, t.artists) for t in tracks] == [("Grey Window", "Drizzle"), ("Puddles", "Drizzle")]
    assert [(d.id, d.is_active) for d in linked.devices()] == [("dev-laptop", True)]
    linked.set_device_id("dev-laptop")
    assert linked.device_id == "dev-laptop"


def test_many_playlists_are_read_page_by_page(linked, fake) -> None:
    fake.user_playlists = [dict(fake.user_playlists[0], id=f"p{i}", uri=f"spotify:playlist:p{i}", name=f"List {i}")
                           for i in range(120)]
    assert [p.name for p in linked.playlists()][-1] == "List 119"
    assert fake.count("GET", "/v1/me/playlists") == 3
