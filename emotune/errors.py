"""Emotune's own error type.

Errors of third-party libraries (vlc, spotipy, onnxruntime, OpenCV, mutagen) are translated at the
boundary into an :class:`EmotuneError` carrying a short text for a status line and a long text that
tells a person what to do about it.
"""
from __future__ import annotations


class EmotuneError(Exception):
    """An error a person can act on: ``short`` for a status bar, ``detail`` for a dialog."""

    def __init__(self, short: str, detail: str = "") -> None:
        super().__init__(short)
        self.short = short
        self.detail = detail or short

    def __str__(self) -> str:
        return self.short if self.detail == self.short else f"{self.short}: {self.detail}"


class PlayerError(EmotuneError):
    """Audio playback could not start or continue."""


class LibraryError(EmotuneError):
    """The music library database or a scan failed."""


class ModelError(EmotuneError):
    """A shipped model could not be loaded or run."""


class CameraError(EmotuneError):
    """A frame source could not be opened or stopped delivering frames."""


class SpotifyError(EmotuneError):
    """A Spotify request failed; ``kind`` names the case the UI reacts to."""

    def __init__(self, short: str, detail: str = "", kind: str = "error", retry_after: float | None = None) -> None:
        super().__init__(short, detail)
        self.kind = kind
        self.retry_after = retry_after
