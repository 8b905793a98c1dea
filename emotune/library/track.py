"""The track record shared by the library database, the selection policy and the UI."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Track:
    """One audio file in the library, with its tags and its place on the mood plane.

    ``mood_source`` says how ``valence``/``arousal`` were obtained, in order of trust:
    "user", "tag", "folder", "audio" (estimated from the decoded audio), or "" when not yet known;
    ``mood_method`` names how an "audio" estimate was made, so the UI can say why a track sits where it does.
    ``track_number``, ``disc_number`` and ``year`` are 0 where the tags give none.
    """

    path: str
    title: str = ""
    artist: str = ""
    album: str = ""
    genre: str = ""
    track_number: int = 0
    disc_number: int = 0
    year: int = 0
    duration: float = 0.0
    mood_tag: str = ""
    size: int = 0
    mtime: float = 0.0
    id: int | None = None
    valence: float | None = None
    arousal: float | None = None
    mood: str = ""
    mood_source: str = ""
    mood_method: str = ""

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        name = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name
