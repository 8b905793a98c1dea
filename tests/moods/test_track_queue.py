from __future__ import annotations

import random

import pytest

from emotune.library.track import Track
from emotune.moods.track_queue import Origin, PlayQueue


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


def test_filling_an_empty_queue_makes_nothing_current_until_next() -> None:
    queue = PlayQueue()
    queue.replace_upcoming(tracks("x", "y"))
    assert queue.current() is None and titles(queue.upcoming()) == ["x", "y"]
    assert queue.next().title == "x" and titles(queue.upcoming()) == ["y"]
    other = PlayQueue()
    other.add_to_queue(tracks("solo"))
    assert other.current() is None and other.peek_next().title == "solo"


def test_adding_after_the_end_lets_next_continue() -> None:
    queue = PlayQueue()
    queue.set_tracks(tracks("a"))
    assert queue.next() is None
    queue.add_to_queue(tracks("b"))
    assert queue.next().title == "b"


def test_equal_tracks_are_kept_apart_by_position() -> None:
    queue = PlayQueue()
    same = Track(path="/m/same.mp3", title="same")
    queue.set_tracks([same, Track(path="/m/x.mp3", title="x"), same])
    queue.next()
    queue.next()
    assert queue.current() is same and titles(queue.history) == ["same", "x"]


# -- the user's picks --------------------------------------------------------------------
def playing(*names: str) -> PlayQueue:
    """A queue on ``names[0]`` with the rest ahead as automatic entries (the DJ's picks)."""
    queue = PlayQueue()
    queue.set_tracks(tracks(*names))
    return queue


def origins(queue: PlayQueue) -> list[str]:
    return [f"{entry.track.title}:{entry.origin.value}" for entry in queue.entries_ahead()]


def test_play_next_goes_first_and_add_to_queue_after_the_other_picks() -> None:
    queue = playing("now", "dj1", "dj2")
    queue.add_to_queue(tracks("a", "b"))
    queue.play_next(tracks("n1", "n2"))
    queue.add_to_queue(tracks("c"))
    assert titles(queue.upcoming()) == ["n1", "n2", "a", "b", "c", "dj1", "dj2"]
    assert titles(queue.queued()) == ["n1", "n2", "a", "b", "c"]
    assert queue.peek_next().title == "n1"


def test_a_new_plan_replaces_only_the_automatic_entries() -> None:
    queue = playing("now", "dj1", "dj2")
    queue.add_to_queue(tracks("mine"))
    queue.replace_upcoming(tracks("sad1", "sad2"))
    assert origins(queue) == ["mine:user", "sad1:auto", "sad2:auto"]
    assert queue.next().title == "mine" and queue.current_origin() is Origin.USER
    assert titles(queue.queued()) == [] and titles(queue.upcoming()) == ["sad1", "sad2"]


def test_playing_from_a_list_keeps_the_picks_next_and_drops_the_one_that_plays() -> None:
    queue = playing("now", "dj1")
    queue.add_to_queue(tracks("a", "b"))
    library = tracks("x", "b", "y")
    queue.set_tracks(library, start_index=1)
    assert queue.current().title == "b" and queue.current_origin() is Origin.AUTO
    assert origins(queue) == ["a:user", "y:auto"]
    assert titles(queue.history) == ["x"]


def test_shuffle_leaves_the_users_picks_in_the_users_order() -> None:
    queue = PlayQueue(rng=random.Random(3))
    queue.set_tracks(tracks("now", *[str(n) for n in range(12)]))
    queue.add_to_queue(tracks("a", "b", "c"))
    queue.shuffle = True
    assert titles(queue.upcoming())[:3] == ["a", "b", "c"]
    assert titles(queue.upcoming())[3:] != [str(n) for n in range(12)]
    queue.shuffle = False
    assert titles(queue.upcoming()) == ["a", "b", "c", *[str(n) for n in range(12)]]


def test_moving_reorders_and_a_drop_among_the_picks_makes_a_pick() -> None:
    queue = playing("now", "dj1", "dj2", "dj3", "dj4")
    queue.add_to_queue(tracks("a", "b"))  # ahead: a b dj1 dj2 dj3 dj4
    assert queue.move(1, 0)  # b before a
    assert origins(queue) == ["b:user", "a:user", "dj1:auto", "dj2:auto", "dj3:auto", "dj4:auto"]
    assert queue.move(5, 1)  # dj4 dragged between the picks: the user chose its place
    assert origins(queue) == ["b:user", "dj4:user", "a:user", "dj1:auto", "dj2:auto", "dj3:auto"]
    assert queue.move(5, 4)  # dj3 before dj2, among the DJ's picks: still the DJ's
    assert origins(queue) == ["b:user", "dj4:user", "a:user", "dj1:auto", "dj3:auto", "dj2:auto"]
    assert queue.move(0, 6)  # a pick dragged below the DJ's picks stays last of the picks
    assert origins(queue) == ["dj4:user", "a:user", "b:user", "dj1:auto", "dj3:auto", "dj2:auto"]
    assert queue.move(4, 3)  # dropped right after the picks, to play next after them: a pick
    assert origins(queue) == ["dj4:user", "a:user", "b:user", "dj3:user", "dj1:auto", "dj2:auto"]
    assert not queue.move(6, 0) and not queue.move(0, 7)
    queue.replace_upcoming(tracks("new"))
    assert titles(queue.upcoming()) == ["dj4", "a", "b", "dj3", "new"]


def test_remove_and_clear() -> None:
    queue = playing("now", "dj1", "dj2")
    queue.add_to_queue(tracks("a", "b", "c"))
    queue.remove([0, 2, 4])  # a, c and dj2
    assert origins(queue) == ["b:user", "dj1:auto"]
    queue.add_to_queue(tracks("d"))
    queue.clear_queued()
    assert origins(queue) == ["dj1:auto"] and queue.current().title == "now"


def test_every_change_is_announced() -> None:
    queue = PlayQueue()
    changes = []
    queue.on_changed(lambda: changes.append(titles(queue.upcoming())))
    queue.set_tracks(tracks("a", "b"))
    queue.add_to_queue(tracks("c"))
    queue.next()  # c, the pick, plays
    queue.move(0, 1)
    queue.remove([0])
    queue.clear_queued()
    queue.shuffle = True
    assert changes == [["b"], ["c", "b"], ["b"], ["b"], [], [], []]
