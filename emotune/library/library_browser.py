"""Browsing the library by genre, artist and album, as the column browsers of Rhythmbox and Quod Libet do.

Each of the three lists offers the values found among the tracks that the choices in the *other* two
lists let through (and that the search finds), so choosing an artist narrows the albums and genres to
that artist's, and choosing a genre narrows the artists and albums. A chosen value stays in its list
even when nothing has it any more (count 0: after a search or a rescan), so the list still shows what
hides the tracks and the choice can be undone where it was made.
"""
from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from emotune.library.track import Track


class BrowseField(enum.Enum):
    """A browse list, named after the Track field it lists; in the order the lists are shown."""

    GENRE = "genre"
    ARTIST = "artist"
    ALBUM = "album"


@dataclass(frozen=True)
class BrowseChoice:
    """The value chosen in each list; None where the list is at "All". "" chooses the tracks without one."""

    genre: str | None = None
    artist: str | None = None
    album: str | None = None

    def value(self, field: BrowseField) -> str | None:
        return getattr(self, field.value)

    def with_value(self, field: BrowseField, value: str | None) -> BrowseChoice:
        return replace(self, **{field.value: value})

    @property
    def is_everything(self) -> bool:
        return self.genre is None and self.artist is None and self.album is None

    def narrow(self, tracks: Sequence[Track], but: BrowseField | None = None) -> Sequence[Track]:
        """The tracks the choices (leaving out the list ``but``) let through, in their order."""
        for field in BrowseField:
            chosen = self.value(field)
            if field is not but and chosen is not None:
                name = field.value
                tracks = [track for track in tracks if getattr(track, name) == chosen]
        return tracks


@dataclass(frozen=True)
class BrowseEntry:
    """One value of a list and how many of the tracks it offers have it; ``value`` "" for "not tagged"."""

    value: str
    count: int


def _listed(counts: Counter[str], chosen: str | None) -> list[BrowseEntry]:
    if chosen is not None and chosen not in counts:
        counts[chosen] = 0
    values = sorted(counts, key=lambda value: (value == "", value.casefold(), value))  # untagged last
    return [BrowseEntry(value, counts[value]) for value in values]


def browse_entries(tracks: Sequence[Track], choice: BrowseChoice) -> dict[BrowseField, list[BrowseEntry]]:
    """What each list offers among ``tracks`` (those the search found) under ``choice``, sorted by name
    without regard to case, the untagged entry last. One counting pass per list: a few ms at 20,000 tracks.
    Lists narrowed by the same choices share one narrowing (with one choice made, the two other lists)."""
    narrowed: dict[tuple[BrowseField, ...], Sequence[Track]] = {}
    entries: dict[BrowseField, list[BrowseEntry]] = {}
    for field in BrowseField:
        applied = tuple(other for other in BrowseField if other is not field and choice.value(other) is not None)
        if applied not in narrowed:
            narrowed[applied] = choice.narrow(tracks, but=field)
        entries[field] = _listed(Counter(map(attrgetter(field.value), narrowed[applied])), choice.value(field))
    return entries
