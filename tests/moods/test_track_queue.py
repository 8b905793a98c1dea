from __future__ import annotations

import random

import pytest

from emotune.library.track import Track
from emotune.moods.track_queue import PlayQueue


def tracks(*names: str) -> list[Track]:
    return [Track(path=f"/m/{name}.mp3", title=name) for name in names]


def titles(items: list[Track]) -> list[str]:
    return [track.title for track in items]


def test_an_empty_queue_has_nothing_to_play() -> None:
    queue = PlayQueue()
    assert (queue.current(), queue.next(), queue.previous(), queue.peek_next()) == (None, None, None, None)
    assert (len(queue), queue.upcoming(), queue.history) == (0, [], [])
    queue.set_tracks([])
    assert queue.current() is None


def test_next_and_previous_walk_the_list_and_build_history() -> None:
    queue = PlayQueue()
    queue.set_tracks(tracks("a", "b", "c"))
    assert queue.current().title == "a"
    assert queue.peek_next().title == "b"
    assert queue.next().title == "b"
    assert queue.next().title == "c"
    assert titles(queue.history) == ["a", "b"]
    assert queue.next() is None, "at the end next() gives None"
    assert queue.current().title == "c", "and stays on the last track"
    assert queue.previous().title == "b"
    assert titles(queue.upcoming()) == ["c"]
    assert queue.previous().title == "a"
    assert queue.previous() is None and queue.current().title == "a"
    assert len(queue) == 3


def test_start_index_puts_earlier_tracks_in_history() -> None:
    queue = PlayQueue()
    queue.set_tracks(tracks("a", "b", "c", "d"), start_index=2)
    assert queue.current().title == "c"
    assert titles(queue.history) == ["a", "b"]
    assert titles(queue.upcoming()) == ["d"]
    with pytest.raises(IndexError):
        queue.set_tracks(tracks("a"), start_index=1)


def test_shuffle_keeps_the_current_track_and_reorders_the_rest_reproducibly() -> None:
    names = [str(n) for n in range(20)]
    queue = PlayQueue(rng=random.Random(7))
    queue.set_tracks(tracks(*names), start_index=0)
    queue.next()
    queue.shuffle = True
    assert queue.shuffle
    assert queue.current().title == "1"
    assert titles(queue.history) == ["0"]
    shuffled = titles(queue.upcoming())
    assert sorted(shuffled, key=int) == names[2:] and shuffled != names[2:]
    same_seed = PlayQueue(rng=random.Random(7))
    same_seed.set_tracks(tracks(*names))
    same_seed.next()
    same_seed.shuffle = True
    assert titles(same_seed.upcoming()) == shuffled
    queue.shuffle = False
    assert titles(queue.upcoming()) == names[2:], "turning shuffle off restores the given order"


def test_set_tracks_with_shuffle_on_starts_from_the_chosen_track() -> None:
    queue = PlayQueue(rng=random.Random(1))
    queue.shuffle = True
    queue.set_tracks(tracks("a", "b", "c", "d", "e"), start_index=3)
    assert queue.current().title == "d"
    assert queue.history == []
    assert sorted(titles(queue.upcoming())) == ["a", "b", "c", "e"]


def test_replace_upcoming_keeps_history_and_the_current_track() -> None:
    queue = PlayQueue()
    queue.set_tracks(tracks("a", "b", "c"))
    queue.next()
    queue.replace_upcoming(tracks("calm1", "calm2"))
    assert queue.current().title == "b"
    assert titles(queue.history) == ["a"]
    assert titles(queue.upcoming()) == ["calm1", "calm2"]
    assert queue.next().title == "calm1"
    assert len(queue) == 4


def test_replace_upcoming_and_append_fill_an_empty_queue() -> None:
    queue = PlayQueue()
    queue.replace_upcoming(tracks("x", "y"))
    assert queue.current().title == "x" and titles(queue.upcoming()) == ["y"]
    other = PlayQueue()
    other.append(tracks("solo")[0])
    assert other.current().title == "solo"
    other.append(tracks("next")[0])
    assert other.peek_next().title == "next"


def test_appending_after_the_end_lets_next_continue() -> None:
    queue = PlayQueue()
    queue.set_tracks(tracks("a"))
    assert queue.next() is None
    queue.append(tracks("b")[0])
    assert queue.next().title == "b"


def test_equal_tracks_are_kept_apart_by_position() -> None:
    queue = PlayQueue()
    same = Track(path="/m/same.mp3", title="same")
    queue.set_tracks([same, Track(path="/m/x.mp3", title="x"), same])
    queue.next()
    queue.next()
    assert queue.current() is same and titles(queue.history) == ["same", "x"]
