"""Which Spotify music plays for a mood: the user's own choice, else a sensible default.

Spotify no longer gives development-mode apps audio features or recommendations, so Emotune cannot
measure a Spotify track's mood the way it does for local files. Instead the user files their own
playlists under the moods (Settings → Spotify); a mood without one gets the first non-empty playlist
that a plain search finds (``DEFAULT_QUERIES``, at most 10 results as development mode allows); and if
search finds nothing either, a track from the user's Liked Songs plays, labelled as not mood-matched.
"""
from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.mood_space import TRACK_MOODS
from emotune.spotify.models import PlaylistInfo

if TYPE_CHECKING:  # the client loads spotipy; the settings page needs only DEFAULT_QUERIES from here
    from emotune.spotify.client import SpotifyClient

DEFAULT_QUERIES: dict[str, str] = {
    "happy": "happy mood",
    "energetic": "energetic workout",
    "calm": "calm",
    "sad": "sad songs",
    "angry": "angry rock",
}


@dataclass(frozen=True)
class MoodSource:
    """What to play for ``mood``: ``uri`` is a playlist (played as a context) or a single track."""

    mood: str
    uri: str
    label: str  # for the UI, e.g. "your playlist", "'Happy Hits' (Spotify search: happy mood)"
    origin: str  # "chosen", "search" or "liked_songs"


class MoodSources:
    """Resolves moods for one account; default searches are remembered to spare the request quota."""

    def __init__(self, client: SpotifyClient, rng: random.Random | None = None) -> None:
        self._client = client
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._defaults: dict[str, PlaylistInfo | None] = {}

    def default_playlist(self, mood: str) -> PlaylistInfo | None:
        """The first non-empty playlist that the mood's default search finds (None when none)."""
        with self._lock:
            if mood in self._defaults:
                return self._defaults[mood]
        found = self._client.search_playlists(DEFAULT_QUERIES[_checked(mood)])  # as many as Spotify allows
        choice = next((playlist for playlist in found if playlist.track_count > 0), None)
        with self._lock:
            self._defaults[mood] = choice
        return choice

    def resolve(self, mood: str, chosen: Mapping[str, str]) -> MoodSource:
        """The user's playlist for ``mood``, else the default search's, else one Liked Song."""
        if chosen.get(_checked(mood)):
            return MoodSource(mood, chosen[mood], "your playlist", "chosen")
        playlist = self.default_playlist(mood)
        if playlist is not None:
            return MoodSource(mood, playlist.uri, f"'{playlist.name}' (Spotify search: {DEFAULT_QUERIES[mood]})",
                              "search")
        liked = self._client.saved_tracks()
        if liked:
            track = self._rng.choice(liked)
            return MoodSource(mood, track.uri, f"'{track.name}' from your Liked Songs (not matched to the mood)",
                              "liked_songs")
        raise SpotifyError(f"Nothing on Spotify to play for '{mood}'",
                           "Choose a playlist for this mood in Settings → Spotify.", kind=SpotifyErrorKind.NO_SOURCE)


def _checked(mood: str) -> str:
    if mood not in TRACK_MOODS:
        raise ValueError(f"{mood!r} is not one of {TRACK_MOODS}")
    return mood
