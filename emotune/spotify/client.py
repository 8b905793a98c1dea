"""The Spotify Web API as Emotune uses it: spotipy underneath, Emotune's errors and plain records on top.

Every call goes through :meth:`SpotifyClient._call`, the one place where spotipy's and requests'
exceptions become :class:`SpotifyError`. A 401 (the access token died before its stated expiry) gets
one forced refresh and one retry; a refused refresh token drops the stale tokens and leaves the
"needs relink" marker, so the next status check says so.

Requests are bounded: ``timeout_s`` per read, two quick retries of 5xx on idempotent calls, no waiting
on 429 (see :mod:`emotune.spotify.http_session`), and ``deadline_s`` (by default 1.5 × ``timeout_s``)
for the whole call, retries and a 401's refresh included. The limits follow Spotify's rules for apps in
development mode (2026): search returns at most 10 items, playlists are read from ``/items``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import requests
import spotipy
from spotipy.exceptions import SpotifyBaseException, SpotifyException

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.spotify.auth import CONNECT_TIMEOUT_S, PkceAuth
from emotune.spotify.endpoints import Endpoints
from emotune.spotify.error_translation import translate_error
from emotune.spotify.models import Account, DeviceInfo, NowPlaying, PlaylistInfo, TrackInfo, playlist_entries

log = logging.getLogger(__name__)

T = TypeVar("T")
SEARCH_LIMIT_MAX = 10  # development-mode apps get at most 10 search results per type
PAGE_SIZE = 50
DEADLINE_FACTOR = 1.5  # a call may take this many read timeouts in all
MAX_PLAYLISTS = 200

_FAILURES = (SpotifyBaseException, requests.RequestException, ValueError)
_MALFORMED = (KeyError, TypeError, AttributeError, ValueError)


def _bad_response(what: str, error: Exception) -> SpotifyError:
    return SpotifyError("Spotify sent an unreadable answer",
                        f"The reply for {what} lacked what Spotify documents ({type(error).__name__}: {error}).",
                        kind=SpotifyErrorKind.BAD_RESPONSE)


def _no_content(_: Any) -> None:
    """Playback commands answer 202/204 with no body."""


class SpotifyClient:
    """One linked account's Web API; safe to share between threads (spotipy and the token store are)."""

    def __init__(self, auth: PkceAuth, endpoints: Endpoints, timeout_s: float = 8.0,
                 deadline_s: float | None = None) -> None:
        self._auth = auth
        self._session = auth.session
        self._deadline_s = deadline_s if deadline_s is not None else DEADLINE_FACTOR * timeout_s
        self._spotify = spotipy.Spotify(auth_manager=auth, requests_session=self._session,
                                        requests_timeout=(CONNECT_TIMEOUT_S, timeout_s))
        self._spotify.prefix = endpoints.api_prefix

    # -- the boundary -------------------------------------------------------------------------------
    def _call(self, what: str, request: Callable[[spotipy.Spotify], Any], parse: Callable[[Any], T]) -> T:
        with self._session.deadline(self._deadline_s):
            return self._attempts(what, request, parse)

    def _attempts(self, what: str, request: Callable[[spotipy.Spotify], Any], parse: Callable[[Any], T]) -> T:
        for attempt in (1, 2):
            try:
                raw = request(self._spotify)
                break
            except SpotifyException as error:
                if error.http_status == 401 and attempt == 1:
                    log.info("Spotify answered 401 for %s; refreshing the access token once", what)
                    self._guarded(self._auth.refresh_now)
                    continue
                raise self._translated(what, error) from error
            except (SpotifyError, *_FAILURES) as error:
                raise self._translated(what, error) from error
        try:
            return parse(raw)
        except _MALFORMED as error:
            raise _bad_response(what, error) from error

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except (SpotifyError, *_FAILURES) as error:
            raise self._translated("the token refresh", error) from error

    def _translated(self, what: str, error: BaseException) -> SpotifyError:
        translated = translate_error(error)
        if translated.kind == "needs_relink":
            self._auth.forget_tokens(needs_relink=True)
        log.warning("Spotify request for %s failed: %s (%s)", what, translated.short, translated.kind)
        return translated

    # -- account and library ------------------------------------------------------------------------
    def me(self) -> Account:
        return self._call("profile", lambda sp: sp.me(), Account.from_json)

    def playlists(self, max_items: int = MAX_PLAYLISTS) -> list[PlaylistInfo]:
        """The user's own and followed playlists, for the mood pickers (paged, bounded)."""
        found: list[PlaylistInfo] = []
        while len(found) < max_items:
            page = self._call("playlists", lambda sp: sp.current_user_playlists(limit=PAGE_SIZE, offset=len(found)),
                              lambda data: [PlaylistInfo.from_json(p) for p in data["items"] if p])
            found.extend(page)
            if len(page) < PAGE_SIZE:
                break
        return found[:max_items]

    def search_playlists(self, query: str, limit: int = SEARCH_LIMIT_MAX) -> list[PlaylistInfo]:
        """Public playlists matching ``query``; Spotify may return null entries, which are dropped."""
        limit = max(1, min(limit, SEARCH_LIMIT_MAX))
        return self._call("search", lambda sp: sp.search(q=query, type="playlist", limit=limit),
                          lambda data: [PlaylistInfo.from_json(p) for p in data["playlists"]["items"] if p])

    def playlist_tracks(self, playlist_uri: str, limit: int = PAGE_SIZE) -> list[TrackInfo]:
        return self._call("playlist items", lambda sp: sp.playlist_items(playlist_uri, limit=limit,
                                                                         additional_types=("track",)),
                          playlist_entries)

    def saved_tracks(self, limit: int = PAGE_SIZE) -> list[TrackInfo]:
        return self._call("Liked Songs", lambda sp: sp.current_user_saved_tracks(limit=limit), playlist_entries)

    # -- playback -----------------------------------------------------------------------------------
    def devices(self) -> list[DeviceInfo]:
        return self._call("devices", lambda sp: sp.devices(),
                          lambda data: [DeviceInfo.from_json(d) for d in data["devices"]])

    def start_playback(self, uri: str, device_id: str | None = None) -> None:
        """Play a track URI on its own, or any other URI (playlist, album) as a context."""
        what: dict[str, Any] = {"uris": [uri]} if uri.startswith("spotify:track:") else {"context_uri": uri}
        self._call("start playback", lambda sp: sp.start_playback(device_id=device_id or None, **what), _no_content)

    def resume(self, device_id: str | None = None) -> None:
        self._call("resume", lambda sp: sp.start_playback(device_id=device_id or None), _no_content)

    def pause(self, device_id: str | None = None) -> None:
        self._call("pause", lambda sp: sp.pause_playback(device_id=device_id or None), _no_content)

    def next_track(self, device_id: str | None = None) -> None:
        self._call("next track", lambda sp: sp.next_track(device_id=device_id or None), _no_content)

    def seek(self, position_s: float, device_id: str | None = None) -> None:
        self._call("seek", lambda sp: sp.seek_track(int(position_s * 1000), device_id=device_id or None),
                   _no_content)

    def set_volume(self, volume: int, device_id: str | None = None) -> None:
        self._call("volume", lambda sp: sp.volume(int(volume), device_id=device_id or None), _no_content)

    def currently_playing(self) -> NowPlaying | None:
        """What the user's player has loaded, or None when nothing is (Spotify answers 204)."""
        return self._call("playback state", lambda sp: sp.currently_playing(),
                          lambda data: NowPlaying.from_json(data) if data else None)
