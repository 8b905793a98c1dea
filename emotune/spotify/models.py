"""Plain records for what Emotune reads from Spotify, parsed from the Web API's JSON.

Parsing is strict about what Emotune needs (a URI, a name) and lenient about the rest, so a reply
that lacks an essential field raises (and becomes ``bad_response``) while a missing picture does not.
Both the 2026 field names (``items`` for a playlist's entries and count, ``item`` for an entry) and
the older ones (``tracks``, ``track``) are read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Account:
    id: str
    display_name: str
    product: str  # "premium", "free", or "" when Spotify does not say

    @property
    def is_premium(self) -> bool:
        return self.product == "premium"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Account":
        return cls(id=data["id"], display_name=data.get("display_name") or data["id"],
                   product=data.get("product") or "")


@dataclass(frozen=True)
class PlaylistInfo:
    uri: str
    name: str
    owner: str
    track_count: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PlaylistInfo":
        owner = data.get("owner") or {}
        entries = data.get("items") or data.get("tracks") or {}
        return cls(uri=data["uri"], name=data["name"], owner=owner.get("display_name") or owner.get("id") or "",
                   track_count=int(entries.get("total") or 0))


@dataclass(frozen=True)
class TrackInfo:
    uri: str
    name: str
    artists: str
    duration_s: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "TrackInfo":
        artists = ", ".join(artist["name"] for artist in data.get("artists") or [])
        return cls(uri=data["uri"], name=data["name"], artists=artists, duration_s=data["duration_ms"] / 1000.0)


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    name: str
    type: str
    is_active: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DeviceInfo":
        return cls(id=data["id"] or "", name=data["name"], type=data.get("type") or "",
                   is_active=bool(data.get("is_active")))


@dataclass(frozen=True)
class NowPlaying:
    """One look at the user's player: what is loaded, from which context, and how far in."""

    is_playing: bool
    item_uri: str
    context_uri: str
    progress_s: float
    duration_s: float
    title: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "NowPlaying":
        item = data.get("item") or {}
        context = data.get("context") or {}
        artists = ", ".join(artist["name"] for artist in item.get("artists") or [])
        title = " — ".join(part for part in (item.get("name") or "", artists) if part)
        return cls(is_playing=bool(data["is_playing"]), item_uri=item.get("uri") or "",
                   context_uri=context.get("uri") or "", progress_s=(data.get("progress_ms") or 0) / 1000.0,
                   duration_s=(item.get("duration_ms") or 0) / 1000.0, title=title)


def playlist_entries(page: dict[str, Any]) -> list[TrackInfo]:
    """Tracks of a ``/playlists/{id}/items`` or ``/me/tracks`` page; episodes and removed tracks are skipped."""
    tracks = []
    for entry in page["items"]:
        item = (entry or {}).get("item") or (entry or {}).get("track")
        if item and item.get("type", "track") == "track" and item.get("uri"):
            tracks.append(TrackInfo.from_json(item))
    return tracks
