"""Linking a Spotify account with Authorization Code + PKCE: no client secret on the user's machine.

:class:`PkceAuth` is spotipy's ``SpotifyPKCE`` pointed at configurable accounts URLs, told never to
open a browser or read stdin on its own (it would, from whatever thread first lacks a token), and
refreshing under a lock: Spotify rotates the refresh token on every PKCE refresh, so two threads
refreshing at once could leave the store holding the one already spent.

:class:`LoginFlow` is one attempt at linking: the loopback listener, then the browser, then the code
(with its ``state`` checked), then the token exchange. It can be cancelled from another thread, and it
always closes the listener.
"""
from __future__ import annotations

import logging
import secrets
import threading
import webbrowser
from collections.abc import Callable
from typing import Any

import requests
from spotipy.cache_handler import CacheHandler
from spotipy.exceptions import SpotifyBaseException, SpotifyOauthError
from spotipy.oauth2 import SpotifyPKCE

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.spotify.endpoints import SCOPES, Endpoints, missing_scopes, redirect_uri
from emotune.spotify.error_translation import translate_error
from emotune.spotify.http_session import build_session
from emotune.spotify.link_status import missing_permissions_error, needs_relink_error, not_linked_error
from emotune.spotify.log_guard import guard_spotipy_logs
from emotune.spotify.loopback_listener import LoopbackListener
from emotune.spotify.token_store import NEEDS_RELINK_RECORD, TokenStore

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3.05
OpenUrl = Callable[[str], bool]
NotifyUrl = Callable[[str, bool], None]  # (authorize URL, whether a browser was opened)


class StoreCacheHandler(CacheHandler):
    """spotipy's token cache interface over a :class:`TokenStore`, built here rather than in the store so
    that reading the store (a status check) does not load spotipy; the needs-relink marker reads as no token."""

    def __init__(self, store: TokenStore) -> None:
        self.store = store

    def get_cached_token(self) -> dict[str, Any] | None:
        record = self.store.load()
        return record if record and "access_token" in record else None

    def save_token_to_cache(self, token_info: dict[str, Any]) -> None:
        self.store.save(dict(token_info))


class PkceAuth(SpotifyPKCE):
    """spotipy's PKCE manager over a :class:`TokenStore`; only :class:`LoginFlow` ever asks the user."""

    def __init__(self, client_id: str, redirect: str, endpoints: Endpoints, store: TokenStore,
                 timeout_s: float) -> None:
        guard_spotipy_logs()
        self.session = build_session()  # shared with the SpotifyClient, so one call deadline covers a refresh
        super().__init__(client_id=client_id, redirect_uri=redirect, scope=list(SCOPES),
                         cache_handler=StoreCacheHandler(store), requests_session=self.session,
                         requests_timeout=(CONNECT_TIMEOUT_S, timeout_s), open_browser=False)
        self.OAUTH_AUTHORIZE_URL = endpoints.authorize_url
        self.OAUTH_TOKEN_URL = endpoints.token_url
        self.store = store
        self._lock = threading.RLock()

    def get_authorization_code(self, response: Any = None) -> str:
        """spotipy calls this when it has no usable token, to run its own blocking login: refuse, saying why."""
        raise self.unusable_login_error()

    def unusable_login_error(self) -> SpotifyError:
        """Why the stored login cannot be used, in the same words as the status line: the needs-relink
        marker, a token with too few scopes (spotipy ignores such a token), or no login at all."""
        record = self.store.load() or {}
        if record.get("needs_relink"):
            return needs_relink_error()
        if "access_token" in record:
            missing = missing_scopes(record.get("scope"))
            if missing:
                return missing_permissions_error(missing)
        return not_linked_error()

    def get_access_token(self, code: str | None = None, check_cache: bool = True) -> str:
        with self._lock:
            return super().get_access_token(code=code, check_cache=check_cache)

    def refresh_access_token(self, refresh_token: str) -> dict[str, Any]:
        with self._lock:
            return super().refresh_access_token(refresh_token)

    def refresh_now(self) -> None:
        """Refresh although the stored expiry says the token is good (the API answered 401)."""
        with self._lock:
            token = self.cache_handler.get_cached_token()
            if not token or not token.get("refresh_token"):
                raise self.unusable_login_error()
            self.refresh_access_token(token["refresh_token"])

    def forget_tokens(self, needs_relink: bool) -> None:
        with self._lock:
            if needs_relink:
                self.store.save(dict(NEEDS_RELINK_RECORD))
            else:
                self.store.clear()


def open_in_browser(url: str) -> bool:
    """The default ``open_url``: the system browser; False when there is none (the URL is then shown)."""
    try:
        return bool(webbrowser.open(url))
    except webbrowser.Error:
        return False


class LoginFlow:
    """One attempt at linking; ``run`` blocks (off the GUI thread) until linked, refused, timed out or cancelled."""

    def __init__(self, make_auth: Callable[[str], PkceAuth], port: int, open_url: OpenUrl = open_in_browser,
                 timeout_s: float = 300.0) -> None:
        self._make_auth = make_auth
        self._port = port
        self._open_url = open_url
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._listener: LoopbackListener | None = None
        self._cancelled = False

    def run(self, notify_url: NotifyUrl | None = None) -> None:
        """Link and store the tokens; raises SpotifyError (login_timeout, login_cancelled, state_mismatch, …)."""
        state = secrets.token_urlsafe(24)
        with LoopbackListener(self._port, state) as listener:
            self._attach(listener)
            try:
                auth = self._make_auth(redirect_uri(listener.port))
                url = auth.get_authorize_url(state=state)
                opened = self._try_open(url)
                log.info("Spotify login: %s; waiting up to %.0f s", "browser opened" if opened else "no browser",
                         self._timeout_s)
                if notify_url is not None:
                    notify_url(url, opened)
                code = listener.wait_for_code(self._timeout_s)
            finally:
                self._attach(None)
        self._exchange(auth, code)  # the listener is closed and its port free before the network call

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._listener is not None:
                self._listener.cancel()

    def _attach(self, listener: LoopbackListener | None) -> None:
        with self._lock:
            self._listener = listener
            if listener is not None and self._cancelled:
                listener.cancel()

    def _try_open(self, url: str) -> bool:
        try:
            return bool(self._open_url(url))
        except Exception as error:  # any failure to open a browser just means the URL is shown instead
            log.info("could not open a browser: %s", error)
            return False

    @staticmethod
    def _exchange(auth: PkceAuth, code: str) -> None:
        try:
            auth.get_access_token(code=code, check_cache=False)
        except SpotifyOauthError as error:  # here invalid_grant means a bad code or verifier, not an old login
            raise SpotifyError("Spotify login failed",
                               f"Spotify did not accept the login ({error.error or 'error'}: "
                               f"{error.error_description or 'no details'}). Press Link to try again.",
                               kind=SpotifyErrorKind.AUTH_FAILED) from error
        except (SpotifyBaseException, requests.RequestException, ValueError) as error:
            raise translate_error(error) from error
