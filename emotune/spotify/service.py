"""The Qt-free face of Spotify for the CLI, the settings panel and the app: link, status, playlists,
devices, the mood → playlist mapping, and playing a mood.

Everything here may block on the network (the panel runs it on a worker thread) and raises only
:class:`SpotifyError`. The service reads the Spotify options from ``Settings`` at each call, so a new
client ID or server takes effect at once; the options it changes itself (client ID, mood playlists,
device) are saved immediately, because linking acts at once too, unlike the settings dialog's OK.

spotipy and requests (about 37 MB of memory) load on the first call that needs them: linking, a Web API
call, the player. Building the service and ``status()`` read only the token store, so the window of a
user who never linked Spotify starts without them; the token store itself (keyring) is chosen when first
read.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from emotune.errors import SpotifyError
from emotune.spotify.errors import RELINK_KINDS, SpotifyErrorKind
from emotune.mood_space import TRACK_MOODS
from emotune.settings import Settings
from emotune.spotify.endpoints import Endpoints, missing_scopes, redirect_uri, resolve_endpoints
from emotune.spotify.link_status import AccountStatus, LinkState, missing_permissions_error
from emotune.spotify.models import DeviceInfo, PlaylistInfo, TrackInfo
from emotune.spotify.mood_sources import MoodSource, MoodSources
from emotune.spotify.token_store import TokenStore, default_token_store

if TYPE_CHECKING:  # these load spotipy and requests: the methods that use them import them when called
    from emotune.spotify.auth import LoginFlow, NotifyUrl, OpenUrl, PkceAuth
    from emotune.spotify.client import SpotifyClient
    from emotune.spotify.spotify_player import SpotifyPlayer

log = logging.getLogger(__name__)


@dataclass
class _Connection:
    key: tuple[str, Endpoints]
    client: SpotifyClient
    sources: MoodSources


def _no_client_id() -> SpotifyError:
    return SpotifyError("Enter your Spotify app's client ID",
                        "Emotune uses your own Spotify app: create one at developer.spotify.com, register the redirect "
                        "URI shown in Settings → Spotify, and paste the app's client ID there.",
                        kind=SpotifyErrorKind.NO_CLIENT_ID)


class SpotifyService:
    """One user's Spotify link; share one instance between the CLI, the panel and the player.

    ``open_url`` shows the login page (default: the system browser)."""

    def __init__(self, settings: Settings, *, token_store: TokenStore | None = None,
                 open_url: OpenUrl | None = None, request_timeout_s: float = 8.0,
                 login_timeout_s: float = 300.0, poll_interval_s: float = 3.0,
                 environ: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        self._token_store = token_store
        self._token_store_lock = threading.Lock()
        self._open_url = open_url
        self._request_timeout_s = request_timeout_s
        self._login_timeout_s = login_timeout_s
        self._poll_interval_s = poll_interval_s
        self._environ = os.environ if environ is None else environ
        self._lock = threading.Lock()
        self._connection: _Connection | None = None
        self._flow: LoginFlow | None = None
        self._player: SpotifyPlayer | None = None

    @property
    def token_store(self) -> TokenStore:
        """Chosen on first use: asking keyring for its backend loads it and the Secret Service stack under
        it (about 21 MB), which a start-up that never looks at Spotify does without."""
        with self._token_store_lock:
            if self._token_store is None:
                self._token_store = default_token_store()
            return self._token_store

    # -- configuration ---------------------------------------------------------------------------
    @property
    def client_id(self) -> str:
        return self.settings.get("spotify_client_id").strip()

    def set_client_id(self, client_id: str) -> None:
        """A new client ID means another Spotify app, whose tokens the old ones are not: unlink."""
        client_id = client_id.strip()
        if client_id != self.client_id:
            self.token_store.clear()
            self._save("spotify_client_id", client_id)

    def redirect_uri(self) -> str:
        """The exact URI the user must register in their Spotify app."""
        return redirect_uri(self.settings.get("spotify_redirect_port"))

    def set_redirect_port(self, port: int) -> None:
        """Another loopback port (when 8888 is taken); the user registers the new URI in their app."""
        self._save("spotify_redirect_port", int(port))

    def endpoints(self) -> Endpoints:
        return resolve_endpoints(self.settings, self._environ)

    def _make_auth(self, redirect: str) -> PkceAuth:
        from emotune.spotify.auth import PkceAuth  # spotipy and requests load here, when Spotify is used

        return PkceAuth(self.client_id, redirect, self.endpoints(), self.token_store, self._request_timeout_s)

    def _current(self) -> _Connection:
        if not self.client_id:
            raise _no_client_id()
        key = (self.client_id, self.endpoints())
        with self._lock:
            if self._connection is None or self._connection.key != key:
                from emotune.spotify.client import SpotifyClient  # loads spotipy: only once an API call is made

                client = SpotifyClient(self._make_auth(self.redirect_uri()), key[1], self._request_timeout_s)
                self._connection = _Connection(key, client, MoodSources(client))
            return self._connection

    def client(self) -> SpotifyClient:
        return self._current().client

    # -- linking ---------------------------------------------------------------------------------
    def status(self, check_online: bool = True) -> AccountStatus:
        """Linked / not linked / needs relink / missing permissions (granted scopes compared with the
        requested ones); online, also the account's name (and whether it is Premium)."""
        record = self.token_store.load()
        location = self.token_store.location
        if not record or "access_token" not in record:
            state = LinkState.NEEDS_RELINK if record and record.get("needs_relink") else LinkState.NOT_LINKED
            return AccountStatus(state, token_location=location)
        missing = missing_scopes(record.get("scope"))
        if missing:
            return AccountStatus(LinkState.MISSING_PERMISSIONS, message=missing_permissions_error(missing).detail,
                                 token_location=location, missing_scopes=missing)
        if not check_online or not self.client_id:
            return AccountStatus(LinkState.LINKED, token_location=location)
        try:
            account = self.client().me()
        except SpotifyError as error:
            if error.kind in RELINK_KINDS:
                return self.status(check_online=False)  # the client has just updated the store
            return AccountStatus(LinkState.LINKED, message=f"{error.short}. {error.detail}", token_location=location)
        return AccountStatus(LinkState.LINKED, account, token_location=location)

    def link(self, notify_url: NotifyUrl | None = None) -> AccountStatus:
        """Run the browser login (blocks up to the login timeout); ``notify_url(url, browser_opened)`` lets
        the caller show the URL for a person to open by hand."""
        if not self.client_id:
            raise _no_client_id()
        from emotune.spotify.auth import LoginFlow, open_in_browser  # loads spotipy: the user pressed Link

        flow = LoginFlow(self._make_auth, self.settings.get("spotify_redirect_port"),
                         self._open_url or open_in_browser, self._login_timeout_s)
        with self._lock:
            if self._flow is not None:
                raise SpotifyError("Linking is already under way", "Finish or cancel the login in progress first.",
                                   kind=SpotifyErrorKind.LOGIN_BUSY)
            self._flow = flow
        try:
            flow.run(notify_url)
        finally:
            with self._lock:
                self._flow = None
        status = self.status()
        if status.state is LinkState.MISSING_PERMISSIONS:
            log.warning("Spotify linked without %s", ", ".join(status.missing_scopes))
        else:
            log.info("Spotify linked")
        return status

    def cancel_link(self) -> None:
        """Stop a ``link`` waiting for the browser (from any thread); it raises kind ``login_cancelled``."""
        with self._lock:
            flow = self._flow
        if flow is not None:
            flow.cancel()

    def unlink(self) -> None:
        """Forget the tokens. (Spotify has no revocation for PKCE apps: the user can remove the app's access
        at spotify.com/account/apps.)"""
        if self._player is not None:
            self._player.stop()
        self.token_store.clear()
        log.info("Spotify unlinked")

    # -- library and devices -----------------------------------------------------------------------
    def playlists(self) -> list[PlaylistInfo]:
        return self.client().playlists()

    def playlist_tracks(self, playlist_uri: str) -> list[TrackInfo]:
        return self.client().playlist_tracks(playlist_uri)

    def devices(self) -> list[DeviceInfo]:
        return self.client().devices()

    @property
    def device_id(self) -> str:
        """The chosen Connect device, or "" for whichever device is active."""
        return self.settings.get("spotify_device_id")

    def set_device_id(self, device_id: str) -> None:
        self._save("spotify_device_id", device_id)

    # -- moods -------------------------------------------------------------------------------------
    def mood_playlists(self) -> dict[str, str]:
        """The user's mood → playlist URI choices (moods without a choice are absent)."""
        chosen = self.settings.get("spotify_mood_playlists")
        return {mood: uri for mood, uri in chosen.items() if mood in TRACK_MOODS and uri}

    def set_mood_playlist(self, mood: str, playlist_uri: str) -> None:
        """Choose ``playlist_uri`` for ``mood``; "" returns the mood to its default search."""
        if mood not in TRACK_MOODS:
            raise ValueError(f"{mood!r} is not one of {TRACK_MOODS}")
        chosen = self.mood_playlists()
        chosen[mood] = playlist_uri
        self._save("spotify_mood_playlists", {m: uri for m, uri in chosen.items() if uri})

    def default_playlist(self, mood: str) -> PlaylistInfo | None:
        """What plays for ``mood`` when the user chose nothing (a playlist search)."""
        return self._current().sources.default_playlist(mood)

    def mood_source(self, mood: str) -> MoodSource:
        return self._current().sources.resolve(mood, self.mood_playlists())

    @property
    def player(self) -> SpotifyPlayer:
        """The Spotify player backend, made on first use; it reads the client and device at each command."""
        with self._lock:
            if self._player is None:
                from emotune.spotify.spotify_player import SpotifyPlayer  # loads spotipy: Spotify is to play

                self._player = SpotifyPlayer(self.client, lambda: self.device_id, self._poll_interval_s)
            return self._player

    def close(self, wait_s: float = 0.0) -> None:
        """Cancel a login and close the player; returns at once unless ``wait_s`` asks to wait for its last
        request (the GUI never does)."""
        self.cancel_link()
        if self._player is not None:
            self._player.close()
            if wait_s > 0:
                self._player.wait_closed(wait_s)

    def _save(self, name: str, value: object) -> None:
        self.settings.set(name, value)
        try:
            self.settings.save()
        except OSError as error:
            log.warning("could not save the Spotify settings: %s", error)
