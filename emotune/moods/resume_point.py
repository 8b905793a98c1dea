"""Where listening stopped: the track, the position in it and what was queued after it.

Stored with the window's state when Emotune closes (and at each new track, against a crash), read
back at start against the library as it is then: a track that is gone is left out, never guessed.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from emotune.library.track import Track

MAX_UPCOMING = 50
END_MARGIN_S = 5.0
"""A track left within this of its end resumes from its start: the listener had heard it."""


@dataclass(frozen=True)
class ResumePoint:
    path: str
    position_s: float = 0.0
    upcoming: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, current: Track | None, position_s: float, upcoming: Iterable[Track]) -> ResumePoint | None:
        if current is None:
            return None
        return cls(current.path, max(0.0, position_s), tuple(track.path for track in upcoming)[:MAX_UPCOMING])

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "position_s": round(self.position_s, 1), "upcoming": list(self.upcoming)}

    @classmethod
    def from_json(cls, value: Any) -> ResumePoint | None:
        """None for anything that is not a stored point (a hand-edited or older file)."""
        if not isinstance(value, dict) or not isinstance(value.get("path"), str) or not value["path"]:
            return None
        position = value.get("position_s", 0.0)
        upcoming = value.get("upcoming", [])
        return cls(value["path"], float(position) if isinstance(position, (int, float)) else 0.0,
                   tuple(path for path in upcoming if isinstance(path, str))[:MAX_UPCOMING]
                   if isinstance(upcoming, list) else ())

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
