"""What plays next: an ordered list of tracks with a position in it, history behind, upcoming ahead.

Qt-free and player-free, so the selection policy and the UI can both drive it and tests can check it
directly. Shuffling keeps the current track where it is and reorders only what is still to come;
turning shuffle off puts what is still to come back in the order it was given.
"""
from __future__ import annotations

import random
from collections.abc import Iterable

from emotune.library.track import Track


class PlayQueue:
    """Tracks in play order; ``rng`` makes shuffling reproducible in tests."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()
        self._entries: list[tuple[int, Track]] = []  # (order in which it was given, track)
        self._index = -1  # position of the current track; -1 when the queue is empty
        self._next_sequence = 0
        self._shuffle = False

    def _wrap(self, tracks: Iterable[Track]) -> list[tuple[int, Track]]:
        entries = []
        for track in tracks:
            entries.append((self._next_sequence, track))
            self._next_sequence += 1
        return entries

    def _arrange(self, entries: list[tuple[int, Track]]) -> list[tuple[int, Track]]:
        if self._shuffle:
            self._rng.shuffle(entries)
        else:
            entries.sort(key=lambda entry: entry[0])
        return entries

    # -- filling -----------------------------------------------------------------
    def set_tracks(self, tracks: Iterable[Track], start_index: int = 0) -> None:
        """Replace the queue; ``tracks[start_index]`` becomes current (with shuffle on, the rest is shuffled)."""
        entries = self._wrap(tracks)
        if not entries:
            self._entries, self._index = [], -1
            return
        if not 0 <= start_index < len(entries):
            raise IndexError(f"start_index {start_index} is outside a queue of {len(entries)} tracks")
        if self._shuffle:
            first = entries.pop(start_index)
            self._entries, self._index = [first, *self._arrange(entries)], 0
        else:
            self._entries, self._index = entries, start_index

    def append(self, track: Track) -> None:
        self._entries += self._wrap([track])
        if self._index < 0:
            self._index = 0

    def replace_upcoming(self, tracks: Iterable[Track]) -> None:
        """Keep history and the current track, and put ``tracks`` after it (shuffled if shuffle is on).

        This is how a change of mood takes effect without cutting off the song that is playing.
        """
        upcoming = self._arrange(self._wrap(tracks))
        self._entries = self._entries[: self._index + 1] + upcoming
        if self._index < 0 and self._entries:
            self._index = 0

    # -- moving ------------------------------------------------------------------
    def current(self) -> Track | None:
        return self._entries[self._index][1] if self._index >= 0 else None

    def peek_next(self) -> Track | None:
        following = self._index + 1
        return self._entries[following][1] if following < len(self._entries) else None

    def next(self) -> Track | None:
        """Advance and return the new current track; at the end return None and stay on the last one."""
        if self._index + 1 >= len(self._entries):
            return None
        self._index += 1
        return self.current()

    def previous(self) -> Track | None:
        """Step back and return the new current track; at the start return None and stay."""
        if self._index <= 0:
            return None
        self._index -= 1
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
        head = self._entries[: self._index + 1]
        self._entries = head + self._arrange(self._entries[self._index + 1:])

    @property
    def history(self) -> list[Track]:
        """Tracks before the current one, oldest first."""
        return [track for _, track in self._entries[: max(self._index, 0)]]

    def upcoming(self) -> list[Track]:
        return [track for _, track in self._entries[self._index + 1:]]

    def __len__(self) -> int:
        return len(self._entries)
