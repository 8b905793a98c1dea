"""Where Emotune talks to Spotify: base URLs, the loopback redirect URI and the scopes it asks for.

The bases are configurable so the whole flow, login included, can run against a local server: the
environment (``EMOTUNE_SPOTIFY_API_BASE`` / ``EMOTUNE_SPOTIFY_ACCOUNTS_BASE``, for pointing an installed
build at a fake without touching the user's settings) wins over the settings
(``spotify_api_base`` / ``spotify_accounts_base``), which win over Spotify's own hosts.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from emotune.settings import Settings

DEFAULT_API_BASE = "https://api.spotify.com"
DEFAULT_ACCOUNTS_BASE = "https://accounts.spotify.com"
API_BASE_ENV = "EMOTUNE_SPOTIFY_API_BASE"
ACCOUNTS_BASE_ENV = "EMOTUNE_SPOTIFY_ACCOUNTS_BASE"

SCOPES: tuple[str, ...] = (
    "user-read-private",  # /me's "product": tells a Free account before playback fails
    "playlist-read-private",
    "playlist-read-collaborative",
    "user-library-read",
    "user-read-playback-state",
    "user-modify-playback-state",
    "user-read-currently-playing",
)
"""Read the user's playlists and Liked Songs, see and control playback; nothing that writes to the library."""


def missing_scopes(granted: str | None) -> tuple[str, ...]:
    """The scopes Emotune asks for that ``granted`` (a token's space-separated ``scope``) lacks."""
    have = set((granted or "").split())
    return tuple(scope for scope in SCOPES if scope not in have)


def redirect_uri(port: int) -> str:
    """The redirect URI to register in the Spotify app. Spotify rejects ``localhost`` and spotipy cannot
    parse ``[::1]``, so it is always the IPv4 loopback literal."""
    return f"http://127.0.0.1:{port}/callback"


@dataclass(frozen=True)
class Endpoints:
    api_base: str = DEFAULT_API_BASE
    accounts_base: str = DEFAULT_ACCOUNTS_BASE

    @property
    def api_prefix(self) -> str:
        """What spotipy puts before every Web API path."""
        return f"{self.api_base}/v1/"

    @property
    def authorize_url(self) -> str:
        return f"{self.accounts_base}/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.accounts_base}/api/token"


def resolve_endpoints(settings: Settings, environ: Mapping[str, str] = os.environ) -> Endpoints:
    """The bases to use now, from the environment, else the settings, else Spotify's."""
    api = environ.get(API_BASE_ENV) or settings.get("spotify_api_base") or DEFAULT_API_BASE
    accounts = environ.get(ACCOUNTS_BASE_ENV) or settings.get("spotify_accounts_base") or DEFAULT_ACCOUNTS_BASE
    return Endpoints(api.rstrip("/"), accounts.rstrip("/"))
