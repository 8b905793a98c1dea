"""The kinds of Spotify failure, declared once: ``SpotifyError.kind`` is always one of these.

``SpotifyErrorKind`` is a ``str`` enum (``StrEnum`` is Python 3.11+; the package runs on 3.10), so code
that still compares ``error.kind`` with a plain string (``error.kind == "needs_relink"``) keeps working
while new code uses the members, and ``str()`` or an f-string gives the plain value.

=================== ==============================================================================
not_linked           no tokens: offer "Link Spotify"
needs_relink         the token endpoint answered ``invalid_grant`` to the refresh token (expired after
                     six months, or access removed); the stale tokens are dropped, a marker is kept
missing_permissions  Spotify granted fewer scopes than Emotune asks for: link again and allow them all
unauthorized         the Web API answered 401 even after a successful refresh: temporary, tokens kept
premium_required     playback control needs Spotify Premium: fall back to the local library
no_active_device     no Spotify app is open (or the chosen device is gone): open Spotify or fall back
player_refused       a player command the device does not allow (restriction, volume control)
rate_limited         429; ``retry_after`` says when to try again
forbidden            403 other than the above (in development mode: the user is not on the app's list)
not_found            404 other than the device cases
server_error         5xx after the session's quick retries (Web API or accounts service)
timeout              Spotify did not answer within the request timeout or the call's deadline
bad_response         a reply that is not the JSON Spotify documents
network              no connection to Spotify at all
auth_failed          the accounts service refused the client ID or the login
=================== ==============================================================================
"""
from __future__ import annotations

import enum


class SpotifyErrorKind(str, enum.Enum):
    __str__ = str.__str__
    ERROR = "error"
    # the link
    NOT_LINKED = "not_linked"
    NEEDS_RELINK = "needs_relink"
    MISSING_PERMISSIONS = "missing_permissions"
    UNAUTHORIZED = "unauthorized"
    NO_CLIENT_ID = "no_client_id"
    AUTH_FAILED = "auth_failed"
    TOKEN_STORAGE = "token_storage"
    # logging in
    LOGIN_BUSY = "login_busy"
    LOGIN_TIMEOUT = "login_timeout"
    LOGIN_CANCELLED = "login_cancelled"
    LOGIN_DENIED = "login_denied"
    STATE_MISMATCH = "state_mismatch"
    PORT_BUSY = "port_busy"
    # requests
    RATE_LIMITED = "rate_limited"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    SERVER_ERROR = "server_error"
    TIMEOUT = "timeout"
    BAD_RESPONSE = "bad_response"
    NETWORK = "network"
    # playback
    PREMIUM_REQUIRED = "premium_required"
    NO_ACTIVE_DEVICE = "no_active_device"
    PLAYER_REFUSED = "player_refused"
    NOT_STARTED = "not_started"
    INVALID_URI = "invalid_uri"
    PLAYER_CLOSED = "player_closed"
    NO_SOURCE = "no_source"


UNAVAILABLE_KINDS = frozenset({SpotifyErrorKind.NOT_LINKED, SpotifyErrorKind.NEEDS_RELINK,
                               SpotifyErrorKind.MISSING_PERMISSIONS, SpotifyErrorKind.PREMIUM_REQUIRED,
                               SpotifyErrorKind.NO_ACTIVE_DEVICE})
"""Kinds after which Spotify playback cannot go on without the user: the app falls back to local music."""

RELINK_KINDS = frozenset({SpotifyErrorKind.NOT_LINKED, SpotifyErrorKind.NEEDS_RELINK,
                          SpotifyErrorKind.MISSING_PERMISSIONS})
"""Kinds after which the link state shown to the user has changed: read ``status()`` again."""
