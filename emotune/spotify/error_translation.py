"""spotipy's and requests' failures, translated into :class:`SpotifyError` with a ``kind`` to react to.

The kinds the UI and the player act on:

=================== ==============================================================================
not_linked           no tokens: offer "Link Spotify"
needs_relink         Spotify refused the refresh token (expired after 6 months, or access removed);
                     the stale tokens are dropped and the user is asked to link again
premium_required     playback control needs Spotify Premium: fall back to the local library
no_active_device     no Spotify app is open (or the chosen device is gone): open Spotify or fall back
rate_limited         429; ``retry_after`` says when to try again
forbidden            403 other than Premium (in development mode: the user is not on the app's list)
not_found            404 other than the device cases
server_error         5xx after the session's two quick retries
timeout              Spotify did not answer within the request timeout
bad_response         a reply that is not the JSON Spotify documents
network              no connection to Spotify at all
auth_failed          the accounts service refused the client ID or the login
=================== ==============================================================================
"""
from __future__ import annotations

import requests
from spotipy.exceptions import SpotifyBaseException, SpotifyException, SpotifyOauthError

from emotune.errors import SpotifyError
from emotune.spotify.http_session import MalformedResponse

UNAVAILABLE_KINDS = frozenset({"not_linked", "needs_relink", "premium_required", "no_active_device"})
"""Kinds after which Spotify playback cannot go on without the user: the app falls back to local music."""

DEFAULT_RETRY_AFTER_S = 30.0

_RELINK_DETAIL = ("Spotify no longer accepts Emotune's saved login (logins expire after six months, or access "
                  "was removed in your Spotify account). Open Settings → Spotify and press Link to sign in again.")


def not_linked_error() -> SpotifyError:
    return SpotifyError("Spotify is not linked",
                        "Open Settings → Spotify, enter your Spotify app's client ID and press Link.",
                        kind="not_linked")


def needs_relink_error() -> SpotifyError:
    return SpotifyError("Spotify needs to be linked again", _RELINK_DETAIL, kind="needs_relink")


def _retry_after(headers: object) -> float:
    try:
        return max(0.0, float(headers.get("Retry-After")))  # type: ignore[union-attr]
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_RETRY_AFTER_S


def _from_status(error: SpotifyException) -> SpotifyError:
    status, reason = error.http_status, (error.reason or "")
    message = str(error.msg or "").split("\n")[-1].strip()
    if status == 401:
        return needs_relink_error()
    if status == 403 and reason == "PREMIUM_REQUIRED":
        return SpotifyError("Spotify Premium is needed to play here",
                            "Spotify lets apps control playback only for Premium accounts. Emotune plays from your "
                            "local library instead; you can still open the mood's playlist in the Spotify app.",
                            kind="premium_required")
    if status == 404 and (reason == "NO_ACTIVE_DEVICE" or "device" in message.lower()):
        return SpotifyError("No Spotify device is active",
                            "Open Spotify on this computer or your phone and play anything for a moment, then try "
                            "again — or choose a device in Settings → Spotify.", kind="no_active_device")
    if status == 429:
        wait = _retry_after(error.headers)
        return SpotifyError("Spotify asks Emotune to slow down",
                            f"Too many requests; Spotify asks to wait {wait:.0f} s before the next one.",
                            kind="rate_limited", retry_after=wait)
    if status == 403:
        return SpotifyError("Spotify refused the request",
                            f"{message or 'Forbidden'}. If your Spotify app is in development mode, add your "
                            "account under Users Management in the Spotify developer dashboard.", kind="forbidden")
    if status == 404:
        return SpotifyError("Not found on Spotify", message or "The playlist or track no longer exists.",
                            kind="not_found")
    if status >= 500:
        return SpotifyError("Spotify is having trouble",
                            f"Spotify answered {status}; try again in a minute.", kind="server_error")
    return SpotifyError("Spotify refused the request", f"HTTP {status}: {message or reason or 'no details'}.",
                        kind="error")


def _from_oauth(error: SpotifyOauthError) -> SpotifyError:
    if error.error == "invalid_grant":
        return needs_relink_error()
    if error.error == "invalid_client":
        return SpotifyError("Spotify does not know this client ID",
                            "Check the client ID in Settings → Spotify against the one shown in your app on "
                            "developer.spotify.com.", kind="auth_failed")
    return SpotifyError("Spotify login failed", f"The accounts service said: {error.error_description or error}.",
                        kind="auth_failed")


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
                            kind="bad_response")
    if isinstance(error, requests.Timeout):
        return SpotifyError("Spotify did not answer in time",
                            "The request timed out. Check the internet connection and try again.", kind="timeout")
    if isinstance(error, (requests.RequestException, SpotifyBaseException)):
        return SpotifyError("Cannot reach Spotify",
                            f"No connection to Spotify ({type(error).__name__}). Check the internet connection.",
                            kind="network")
    raise TypeError(f"not a Spotify failure: {error!r}") from error
