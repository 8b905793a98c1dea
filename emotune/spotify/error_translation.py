"""spotipy's and requests' failures, translated into :class:`SpotifyError` with a :class:`SpotifyErrorKind`.

The kinds and what the UI and the player do about each are listed in :mod:`emotune.spotify.errors`; the
errors about the link itself (not linked, link again, too few permissions) are in
:mod:`emotune.spotify.link_status`, which status checks use without loading spotipy.
Two rules matter most for the user's login:

* only ``invalid_grant`` from the token endpoint means "link again" (``needs_relink``); a 401 from the
  Web API, even right after a successful refresh, is a temporary ``unauthorized`` and keeps the tokens;
* a 429 or 5xx from the token endpoint is ``rate_limited`` / ``server_error`` like anywhere else, and an
  HTML error page is never pasted into a message.
"""
from __future__ import annotations

from collections.abc import Mapping

import requests
from spotipy.exceptions import SpotifyBaseException, SpotifyException, SpotifyOauthError

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.spotify.http_session import MalformedResponse
from emotune.spotify.link_status import needs_relink_error

__all__ = ["translate_error"]

DEFAULT_RETRY_AFTER_S = 30.0
_MAX_QUOTED_CHARS = 160
_PLAYER_REASONS = frozenset({"UNKNOWN", "VOLUME_CONTROL_DISALLOW", "DEVICE_NOT_CONTROLLABLE", "NOT_PAUSED",
                             "NOT_PLAYING_TRACK", "NOT_PLAYING_CONTEXT", "ALREADY_PAUSED", "ENDLESS_CONTEXT",
                             "CONTEXT_DISALLOW", "RATE_LIMITED", "REMOTE_CONTROL_DISALLOW"})
_DEVELOPMENT_MODE_WORDS = ("registered", "developer.spotify.com", "dashboard")


def _retry_after(headers: Mapping[str, str] | None) -> float:
    try:
        return max(0.0, float(headers.get("Retry-After")))  # type: ignore[union-attr,arg-type]
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_RETRY_AFTER_S


def _rate_limited(headers: Mapping[str, str] | None) -> SpotifyError:
    wait = _retry_after(headers)
    return SpotifyError("Spotify asks Emotune to slow down",
                        f"Too many requests; Spotify asks to wait {wait:.0f} s before the next one.",
                        kind=SpotifyErrorKind.RATE_LIMITED, retry_after=wait)


def _server_error(status: int, service: str = "Spotify") -> SpotifyError:
    return SpotifyError("Spotify is having trouble", f"{service} answered {status}; try again in a minute.",
                        kind=SpotifyErrorKind.SERVER_ERROR)


def _quotable(text: str | None) -> str:
    """``text`` if it is a short plain message; "" for an HTML page, a stack trace or other noise."""
    text = (text or "").strip()
    if not text or "<" in text or "\n" in text or len(text) > _MAX_QUOTED_CHARS:
        return ""
    return text


def _forbidden(error: SpotifyException, message: str) -> SpotifyError:
    url = str(error.msg or "").split("\n")[0]
    development_mode = any(word in message.lower() for word in _DEVELOPMENT_MODE_WORDS)
    player = "/me/player" in url or (error.reason or "") in _PLAYER_REASONS or message.startswith("Player command")
    if player and not development_mode:
        return SpotifyError("Spotify's player refused that",
                            f"{message or 'Forbidden'}. The device may not allow it (some speakers, TVs and phones "
                            "cannot be controlled or have their volume set by another app); try another device "
                            "in Settings → Spotify.", kind=SpotifyErrorKind.PLAYER_REFUSED)
    return SpotifyError("Spotify refused the request",
                        f"{message or 'Forbidden'}. If your Spotify app is in development mode, add your account "
                        "under User Management in the Spotify developer dashboard.", kind=SpotifyErrorKind.FORBIDDEN)


def _from_status(error: SpotifyException) -> SpotifyError:
    status, reason = error.http_status, (error.reason or "")
    message = _quotable(str(error.msg or "").split("\n")[-1])
    if status == 401:  # the token endpoint, not the API, decides that a login is gone
        return SpotifyError("Spotify did not accept the login just now",
                            "Spotify answered 401 (not authorised) although Emotune had just renewed the login. "
                            "This is usually temporary and the login is kept: try again in a minute. If it keeps "
                            "happening, press Link again in Settings → Spotify.", kind=SpotifyErrorKind.UNAUTHORIZED)
    if status == 403 and reason == "PREMIUM_REQUIRED":
        return SpotifyError("Spotify Premium is needed to play here",
                            "Spotify lets apps control playback only for Premium accounts. Emotune plays from your "
                            "local library instead; you can still open the mood's playlist in the Spotify app.",
                            kind=SpotifyErrorKind.PREMIUM_REQUIRED)
    if status == 404 and (reason == "NO_ACTIVE_DEVICE" or "device" in message.lower()):
        return SpotifyError("No Spotify device is active",
                            "Open Spotify on this computer or your phone and play anything for a moment, then try "
                            "again — or choose a device in Settings → Spotify.",
                            kind=SpotifyErrorKind.NO_ACTIVE_DEVICE)
    if status == 429:
        return _rate_limited(error.headers)
    if status == 403:
        return _forbidden(error, message)
    if status == 404:
        return SpotifyError("Not found on Spotify", message or "The playlist or track no longer exists.",
                            kind=SpotifyErrorKind.NOT_FOUND)
    if status >= 500:
        return _server_error(status)
    return SpotifyError("Spotify refused the request", f"HTTP {status}: {message or reason or 'no details'}.",
                        kind=SpotifyErrorKind.ERROR)


def _from_oauth(error: SpotifyOauthError) -> SpotifyError:
    """The token endpoint's answer; spotipy keeps the HTTP response only on the exception it replaced."""
    http = error.__context__ if isinstance(error.__context__, requests.HTTPError) else None
    response = http.response if http is not None else None
    status = response.status_code if response is not None else 0
    if status == 429:
        return _rate_limited(response.headers)
    if status >= 500:
        return _server_error(status, "Spotify's accounts service")
    if error.error == "invalid_grant":
        return needs_relink_error()
    if error.error == "invalid_client":
        return SpotifyError("Spotify does not know this client ID",
                            "Check the client ID in Settings → Spotify against the one shown in your app on "
                            "developer.spotify.com.", kind=SpotifyErrorKind.AUTH_FAILED)
    said = _quotable(error.error_description) or _quotable(error.error)
    detail = f"The accounts service said: {said}." if said else (
        f"The accounts service answered {status or 'an error'} without an explanation.")
    return SpotifyError("Spotify login failed", f"{detail} Try again, or press Link in Settings → Spotify.",
                        kind=SpotifyErrorKind.AUTH_FAILED)


def translate_error(error: BaseException) -> SpotifyError:
    """The :class:`SpotifyError` for anything a Spotify call raised (SpotifyErrors pass through)."""
    if isinstance(error, SpotifyError):
        return error
    if isinstance(error, SpotifyException):
        return _from_status(error)
    if isinstance(error, SpotifyOauthError):
        return _from_oauth(error)
    if isinstance(error, (MalformedResponse, ValueError)):
        return SpotifyError("Spotify sent an unreadable answer",
                            f"The reply was not what Spotify documents ({error}); try again later.",
                            kind=SpotifyErrorKind.BAD_RESPONSE)
    if isinstance(error, requests.Timeout):
        return SpotifyError("Spotify did not answer in time",
                            "The request timed out. Check the internet connection and try again.",
                            kind=SpotifyErrorKind.TIMEOUT)
    if isinstance(error, (requests.RequestException, SpotifyBaseException)):
        return SpotifyError("Cannot reach Spotify",
                            f"No connection to Spotify ({type(error).__name__}). Check the internet connection.",
                            kind=SpotifyErrorKind.NETWORK)
    raise TypeError(f"not a Spotify failure: {error!r}") from error
