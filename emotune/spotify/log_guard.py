"""Keeps credentials out of whatever spotipy logs.

At DEBUG spotipy logs each Web API request with its headers (the bearer token) and each token request
with its body (the authorization code, the PKCE verifier, the refresh token). Emotune's own log handlers
redact such messages, but a filter on the logger itself acts before *any* handler sees the record — a
handler a user adds, a test's log capture — so the credential never leaves spotipy's call.
"""
from __future__ import annotations

import logging

GUARDED_LOGGERS = ("spotipy.client", "spotipy.oauth2", "spotipy.cache_handler", "spotipy.util")
CREDENTIAL_MARKERS = ("Bearer ", "Authorization", "access_token", "refresh_token", "code_verifier", "'code':")
WITHHELD = "[spotipy message withheld: it carried a credential]"


class _WithholdCredentials(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(marker in message for marker in CREDENTIAL_MARKERS):
            record.msg, record.args = WITHHELD, ()
        return True


def guard_spotipy_logs() -> None:
    """Install the filter on spotipy's loggers (idempotent; filters on a logger apply only to records it
    creates, so each of spotipy's module loggers gets one)."""
    for name in GUARDED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, _WithholdCredentials) for existing in logger.filters):
            logger.addFilter(_WithholdCredentials())
