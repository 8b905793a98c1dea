"""Handing a ``spotify:`` URI to the Spotify desktop app: a desktop concern, not a player's."""
from __future__ import annotations

import logging
import webbrowser
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def open_in_spotify_app(uri: str, opener: Callable[[str], Any] = webbrowser.open) -> bool:
    """Open ``spotify:…`` in the Spotify desktop app through the system's URL handler; False if nothing
    handled it. The Qt shell passes ``lambda u: QDesktopServices.openUrl(QUrl(u))`` as ``opener``."""
    if not uri.startswith("spotify:"):
        raise ValueError(f"not a spotify: URI: {uri!r}")
    try:
        return bool(opener(uri))
    except Exception as error:  # no handler for the scheme, no desktop session…
        log.info("could not open %s in the Spotify app: %s", uri, error)
        return False
