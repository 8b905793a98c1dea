"""Where listening stopped: the track, the position in it, the user's picks in the queue and what was
planned after them.

Stored with the window's state when Emotune closes (and at each new track, against a crash), read
back at start against the library as it is then: a track that is gone is left out, never guessed.
The user's picks come back even when the track that was playing is gone: they were chosen by hand.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from emotune.library.track import Track

MAX_UPCOMING = 50
MAX_QUEUED = 1000
"""The user's picks kept (Add to queue on a whole album or more): the state is written at each track."""
END_MARGIN_S = 5.0
"""A track left within this of its end resumes from its start: the listener had heard it."""


@dataclass(frozen=True)
class ResumePoint:
    path: str  # "" when nothing was current, only the user's picks waited
    position_s: float = 0.0
    upcoming: tuple[str, ...] = field(default_factory=tuple)
    queued: tuple[str, ...] = field(default_factory=tuple)  # the user's picks, in order, before ``upcoming``

    @classmethod
    def of(cls, current: Track | None, position_s: float, upcoming: Iterable[Track],
           queued: Iterable[Track] = ()) -> ResumePoint | None:
        picks = tuple(track.path for track in queued)[:MAX_QUEUED]
        if current is None:
            return cls("", 0.0, (), picks) if picks else None
        return cls(current.path, max(0.0, position_s), tuple(track.path for track in upcoming)[:MAX_UPCOMING],
                   picks)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "position_s": round(self.position_s, 1), "upcoming": list(self.upcoming),
                "queued": list(self.queued)}

    @classmethod
    def from_json(cls, value: Any) -> ResumePoint | None:
        """None for anything that is not a stored point (a hand-edited file); an older one has no picks."""
        if not isinstance(value, dict) or not isinstance(value.get("path"), str):
            return None
        position = value.get("position_s", 0.0)
        queued = _paths(value.get("queued"), MAX_QUEUED)
        if not value["path"] and not queued:
            return None
        return cls(value["path"], float(position) if isinstance(position, (int, float)) else 0.0,
                   _paths(value.get("upcoming"), MAX_UPCOMING), queued)

    def resolve(self, tracks: Iterable[Track], exists: Callable[[str], bool] = os.path.isfile
                ) -> tuple[Track, list[Track], float] | None:
        """(track, upcoming tracks, start position) in ``tracks``, or None when the track is gone: from
        the library, or from the disk before a rescan has noticed (a queued one that is gone is skipped
        when its turn comes, like any track that cannot play)."""
        by_path = {track.path: track for track in tracks}
        track = by_path.get(self.path)
        if track is None or not exists(track.path):
            return None
        start = self.position_s
        if track.duration and start > track.duration - END_MARGIN_S:
            start = 0.0
        return track, [by_path[path] for path in self.upcoming if path in by_path], start

    def resolve_queued(self, tracks: Iterable[Track]) -> list[Track]:
        """The user's picks still in ``tracks``, in order (one gone from the disk is skipped at its turn)."""
        by_path = {track.path: track for track in tracks}
        return [by_path[path] for path in self.queued if path in by_path]


def _paths(value: Any, limit: int) -> tuple[str, ...]:
    return tuple(path for path in value if isinstance(path, str) and path)[:limit] if isinstance(value, list) else ()
