"""The library's tracks as last loaded, for the DJ to choose from on any thread."""
from __future__ import annotations

from emotune.library.track import Track


class TrackSnapshot:
    """Set by the library controller after every load; called by the DJ (``tracks_provider``)."""

    def __init__(self) -> None:
        self._tracks: tuple[Track, ...] = ()

    def set(self, tracks: list[Track]) -> None:
        self._tracks = tuple(tracks)  # one assignment: readers see the old or the new list, never half

    def __call__(self) -> list[Track]:
        return list(self._tracks)
