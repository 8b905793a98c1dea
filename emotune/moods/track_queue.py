"""What plays next: an ordered list of tracks with a position in it, history behind, upcoming ahead.

Qt-free and player-free, so the selection policy and the UI can both drive it and tests can check it
directly. What is ahead holds two kinds of entry (``Origin``): the user's own picks (Play next, Add
to queue), which come first and stay until they play or the user takes them out, and automatic ones
after them (the mood DJ's picks, or the list a chosen track was played from), which a new plan
replaces. Shuffling keeps the current track where it is and reorders only the automatic entries
still to come (the user's picks play in the user's order); turning shuffle off puts them back in the
order they were given. Every change is announced to ``on_changed`` callbacks, from the thread that
made it, so a view of the queue never goes stale.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from emotune.library.track import Track


class Origin(Enum):
    """Who put an entry in the queue, which decides whether a new plan may replace it."""

    USER = "user"  # Play next / Add to queue: kept until played or removed by the user
    AUTO = "auto"  # the DJ's picks, or the list a chosen track was played from


@dataclass(frozen=True)
class QueueEntry:
    track: Track
    origin: Origin
    sequence: int  # the order in which it was given: turning shuffle off restores it


class PlayQueue:
    """Tracks in play order; ``rng`` makes shuffling reproducible in tests."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()
        self._entries: list[QueueEntry] = []
        self._index = -1  # position of the current track; -1 when nothing is current
        self._next_sequence = 0
        self._shuffle = False
        self._listeners: list[Callable[[], None]] = []

    def on_changed(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every change of the current track or of what is ahead."""
        self._listeners.append(callback)

    def _wrap(self, tracks: Iterable[Track], origin: Origin = Origin.AUTO) -> list[QueueEntry]:
        entries = []
        for track in tracks:
            entries.append(QueueEntry(track, origin, self._next_sequence))
            self._next_sequence += 1
        return entries

    def _arrange(self, entries: list[QueueEntry]) -> list[QueueEntry]:
        if self._shuffle:
            self._rng.shuffle(entries)
        else:
            entries.sort(key=lambda entry: entry.sequence)
        return entries

    def _set(self, entries: list[QueueEntry], index: int) -> None:
        self._entries, self._index = entries, index
        for callback in list(self._listeners):
            callback()

    def _head(self) -> list[QueueEntry]:
        """History and the current track."""
        return self._entries[: self._index + 1]

    def _set_ahead(self, ahead: list[QueueEntry]) -> None:
        self._set(self._head() + ahead, self._index)

    def _queued_end(self, ahead: Sequence[QueueEntry]) -> int:
        """Where the user's picks end in ``ahead``: after the last of them."""
        return max((row + 1 for row, entry in enumerate(ahead) if entry.origin is Origin.USER), default=0)

    # -- filling -----------------------------------------------------------------
    def set_tracks(self, tracks: Iterable[Track], start_index: int = 0) -> None:
        """Play from ``tracks``: ``tracks[start_index]`` becomes current and the rest history and
        automatic entries (with shuffle on, all of the rest is ahead, shuffled). The user's picks stay
        next; one for the track that now plays leaves the queue."""
        entries = self._wrap(tracks)
        if not entries:
            self._set([entry for entry in self.entries_ahead() if entry.origin is Origin.USER], -1)
            return
        if not 0 <= start_index < len(entries):
            raise IndexError(f"start_index {start_index} is outside a queue of {len(entries)} tracks")
        first = entries.pop(start_index)
        queued = [entry for entry in self.entries_ahead() if entry.origin is Origin.USER]
        played = next((entry for entry in queued if entry.track.path == first.track.path), None)
        queued = [entry for entry in queued if entry is not played]
        if self._shuffle:
            self._set([first, *queued, *self._arrange(entries)], 0)
        else:
            self._set([*entries[:start_index], first, *queued, *entries[start_index:]], start_index)

    def replace_upcoming(self, tracks: Iterable[Track]) -> None:
        """Keep history, the current track and the user's picks, and put ``tracks`` after them (shuffled
        if shuffle is on) in place of the automatic entries.

        This is how a change of mood takes effect without cutting off the song that is playing."""
        queued = [entry for entry in self.entries_ahead() if entry.origin is Origin.USER]
        self._set_ahead(queued + self._arrange(self._wrap(tracks)))

    # -- the user's picks ----------------------------------------------------------
    def play_next(self, tracks: Iterable[Track]) -> None:
        """Put ``tracks``, in their order, right after the current track, ahead of everything else."""
        self._set_ahead(self._wrap(tracks, Origin.USER) + self.entries_ahead())

    def add_to_queue(self, tracks: Iterable[Track]) -> None:
        """Put ``tracks``, in their order, after the user's other picks and before the automatic ones."""
        ahead = self.entries_ahead()
        end = self._queued_end(ahead)
        self._set_ahead(ahead[:end] + self._wrap(tracks, Origin.USER) + ahead[end:])

    def move(self, row: int, before: int) -> bool:
        """Move the entry at ``row`` of what is ahead to just before ``before`` (``len`` for the end), as
        a list view's drag does; False when ``row`` is not there.

        Dropped among (or right after) the user's picks an entry becomes one of them: the user chose
        its place. A user's pick dropped among the automatic entries goes to the end of the user's
        picks, which always play first."""
        ahead = self.entries_ahead()
        if not 0 <= row < len(ahead) or not 0 <= before <= len(ahead):
            return False
        entry = ahead.pop(row)
        target = before if before <= row else before - 1
        end = self._queued_end(ahead)
        if target <= end:
            entry = replace(entry, origin=Origin.USER)
        elif entry.origin is Origin.USER:
            target = end
        ahead.insert(target, entry)
        self._set_ahead(ahead)
        return True

    def remove(self, rows: Iterable[int]) -> None:
        """Take the entries at ``rows`` of what is ahead out of the queue."""
        gone = set(rows)
        self._set_ahead([entry for row, entry in enumerate(self.entries_ahead()) if row not in gone])

    def clear_queued(self) -> None:
        """Take out all of the user's picks; the automatic entries stay."""
        self._set_ahead([entry for entry in self.entries_ahead() if entry.origin is Origin.AUTO])

    # -- moving ------------------------------------------------------------------
    def current(self) -> Track | None:
        return self._entries[self._index].track if self._index >= 0 else None

    def current_origin(self) -> Origin | None:
        return self._entries[self._index].origin if self._index >= 0 else None

    def peek_next(self) -> Track | None:
        following = self._index + 1
        return self._entries[following].track if following < len(self._entries) else None

    def next(self) -> Track | None:
        """Advance and return the new current track; at the end return None and stay on the last one."""
        if self._index + 1 >= len(self._entries):
            return None
        self._set(self._entries, self._index + 1)
        return self.current()

    def previous(self) -> Track | None:
        """Step back and return the new current track; at the start return None and stay."""
        if self._index <= 0:
            return None
        self._set(self._entries, self._index - 1)
        return self.current()

    # -- looking -----------------------------------------------------------------
    @property
    def shuffle(self) -> bool:
        return self._shuffle

    @shuffle.setter
    def shuffle(self, enabled: bool) -> None:
        if enabled == self._shuffle:
            return
        self._shuffle = enabled
        ahead = self.entries_ahead()
        self._set_ahead([entry for entry in ahead if entry.origin is Origin.USER]
                        + self._arrange([entry for entry in ahead if entry.origin is Origin.AUTO]))

    @property
    def history(self) -> list[Track]:
        """Tracks before the current one, oldest first."""
        return [entry.track for entry in self._entries[: max(self._index, 0)]]

    def entries_ahead(self) -> list[QueueEntry]:
        """What plays after the current track (everything, when nothing is current), in order."""
        return self._entries[self._index + 1:]

    def upcoming(self) -> list[Track]:
        return [entry.track for entry in self.entries_ahead()]

    def queued(self) -> list[Track]:
        """The user's picks still to play, in order."""
        return [entry.track for entry in self.entries_ahead() if entry.origin is Origin.USER]

    def __len__(self) -> int:
        return len(self._entries)
