"""Emotune: a desktop music player that follows the listener's mood."""

__version__ = "0.1.0"
