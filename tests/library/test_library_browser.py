from __future__ import annotations

import time

from emotune.library.library_browser import BrowseChoice, BrowseEntry, BrowseField, browse_entries
from emotune.library.track import Track

GENRE, ARTIST, ALBUM = BrowseField.GENRE, BrowseField.ARTIST, BrowseField.ALBUM


def _tracks() -> list[Track]:
    rows = [("Jazz", "Miles", "Kind of Blue"), ("Jazz", "Miles", "Kind of Blue"), ("Jazz", "Miles", "Tutu"),
            ("Fusion", "Miles", "Tutu"), ("Rock", "ada", "Firsts"), ("Jazz", "Bo", "Firsts"), ("", "", "")]
    return [Track(path=f"/m/{n}.ogg", genre=genre, artist=artist, album=album, id=n)
            for n, (genre, artist, album) in enumerate(rows)]


def _values(entries: list[BrowseEntry]) -> list[tuple[str, int]]:
    return [(entry.value, entry.count) for entry in entries]


def test_with_nothing_chosen_every_value_is_offered_sorted_with_counts_and_the_untagged_last() -> None:
    lists = browse_entries(_tracks(), BrowseChoice())
    assert _values(lists[GENRE]) == [("Fusion", 1), ("Jazz", 4), ("Rock", 1), ("", 1)]
    assert _values(lists[ARTIST]) == [("ada", 1), ("Bo", 1), ("Miles", 4), ("", 1)]  # case does not sort
    assert _values(lists[ALBUM]) == [("Firsts", 2), ("Kind of Blue", 2), ("Tutu", 2), ("", 1)]


def test_choosing_an_artist_narrows_the_other_lists_but_not_its_own() -> None:
    lists = browse_entries(_tracks(), BrowseChoice(artist="Miles"))
    assert _values(lists[GENRE]) == [("Fusion", 1), ("Jazz", 3)]
    assert _values(lists[ALBUM]) == [("Kind of Blue", 2), ("Tutu", 2)]
    assert _values(lists[ARTIST]) == [("ada", 1), ("Bo", 1), ("Miles", 4), ("", 1)]


def test_two_choices_narrow_each_other_s_lists_and_the_third() -> None:
    choice = BrowseChoice(genre="Jazz", album="Firsts")
    lists = browse_entries(_tracks(), choice)
    assert _values(lists[ARTIST]) == [("Bo", 1)]
    assert _values(lists[GENRE]) == [("Jazz", 1), ("Rock", 1)]  # what Firsts has
    assert _values(lists[ALBUM]) == [("Firsts", 1), ("Kind of Blue", 2), ("Tutu", 1)]  # what Jazz has
    assert [t.id for t in choice.narrow(_tracks())] == [5]


def test_the_untagged_entry_chooses_the_tracks_without_a_value() -> None:
    choice = BrowseChoice().with_value(GENRE, "")
    assert [t.id for t in choice.narrow(_tracks())] == [6]
    assert choice.value(GENRE) == "" and not choice.is_everything
    assert choice.with_value(GENRE, None).is_everything


def test_a_chosen_value_the_tracks_no_longer_have_stays_listed_with_no_tracks() -> None:
    searched = [track for track in _tracks() if track.artist == "Bo"]  # what a search for "bo" finds
    lists = browse_entries(searched, BrowseChoice(artist="Miles"))
    assert _values(lists[ARTIST]) == [("Bo", 1), ("Miles", 0)]
    assert lists[ALBUM] == [] and lists[GENRE] == []


def test_20000_tracks_are_listed_quickly_and_agree_with_a_plain_count() -> None:
    tracks = [Track(path=f"/m/{n}.ogg", artist=f"Band {n % 397}", album=f"Album {n % 1234}",
                    genre=("Rock", "Jazz", "Pop")[n % 3], id=n) for n in range(20000)]
    choice = BrowseChoice(genre="Jazz")
    started = time.perf_counter()
    lists = browse_entries(tracks, choice)
    elapsed = time.perf_counter() - started
    jazz_albums = {t.album for t in tracks if t.genre == "Jazz"}
    assert {entry.value for entry in lists[ALBUM]} == jazz_albums
    assert sum(entry.count for entry in lists[ARTIST]) == sum(t.genre == "Jazz" for t in tracks)
    assert len(lists[GENRE]) == 3
    assert elapsed < 0.5  # about 15 ms on a quiet machine; generous for a loaded one
