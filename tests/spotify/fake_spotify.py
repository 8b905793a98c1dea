"""A local stand-in for Spotify's accounts service and Web API, for tests that use the real spotipy.

It serves on 127.0.0.1 at an ephemeral port, one thread per request, and implements what Emotune uses
with Spotify's 2026 rules where they matter: Authorization Code + PKCE (the S256 of the verifier must
equal the challenge sent to /authorize), refresh-token rotation, search capped at 10 items, playlist
entries from ``/items``, Premium and an active device for playback control. Playback keeps time, so
tracks end and contexts advance. Faults are injected on demand with :meth:`FakeSpotify.fail`.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "emotune-test-client-id"


def track(track_id: str, name: str, artist: str, seconds: float = 180.0) -> dict[str, Any]:
    return {"type": "track", "id": track_id, "uri": f"spotify:track:{track_id}", "name": name,
            "duration_ms": int(seconds * 1000), "artists": [{"name": artist}], "album": {"name": "Fake", "images": []}}


def playlist(playlist_id: str, name: str, owner: str, track_ids: list[str]) -> dict[str, Any]:
    return {"id": playlist_id, "uri": f"spotify:playlist:{playlist_id}", "name": name,
            "owner": {"id": owner, "display_name": owner.title()}, "track_ids": track_ids}


@dataclass
class Fault:
    status: int
    body: bytes
    headers: dict[str, str]
    delay_s: float
    times: int


@dataclass
class Playback:
    device_id: str
    context_uri: str
    queue: list[str]
    index: int = 0
    offset_s: float = 0.0
    resumed_at: float | None = None  # monotonic time when it last started playing; None while paused


@dataclass
class FakeSpotify:
    product: str = "premium"
    client_ids: set[str] = field(default_factory=lambda: {CLIENT_ID})
    access_token_lifetime_s: int = 3600
    user_denies: bool = False
    granted_scopes: set[str] | None = None  # when set, tokens carry only these of the requested scopes

    def __post_init__(self) -> None:
        self.user = {"id": "listener", "display_name": "Test Listener", "product": self.product, "type": "user"}
        self.tracks = {t["uri"]: t for t in [
            track("sun1", "Sunrise", "The Larks"), track("sun2", "Walking on Air", "The Larks"),
            track("sun3", "Bright Side", "June"), track("rain1", "Grey Window", "Drizzle"),
            track("rain2", "Puddles", "Drizzle"), track("calm1", "Still Water", "Lake"),
            track("calm2", "Low Tide", "Lake"), track("gym1", "Lift", "Pulse"), track("rock1", "Fury", "Spikes"),
        ]}
        self.user_playlists = [
            playlist("plSunny", "Sunny Mornings", "listener", ["sun1", "sun2", "sun3"]),
            playlist("plRainy", "Rainy Days", "listener", ["rain1", "rain2"]),
            playlist("plFocus", "Focus", "someone", ["calm1", "calm2"]),
        ]
        self.public_playlists = {  # search keyword -> playlists
            "happy": [playlist("pubEmpty", "Happy (empty)", "spotify", []),
                      playlist("pubHappy", "Happy Hits", "spotify", ["sun1", "sun3"])],
            "calm": [playlist("pubCalm", "Calm Waters", "spotify", ["calm1", "calm2"])],
            "sad": [playlist("pubSad", "Sad Songs", "spotify", ["rain1", "rain2"])],
            "energetic": [playlist("pubGym", "Energetic Workout", "spotify", ["gym1"])],
            "angry": [playlist("pubRock", "Angry Rock", "spotify", ["rock1"])],
        }
        self.saved_track_ids = ["sun2", "calm1"]
        self.devices = [{"id": "dev-laptop", "name": "Laptop", "type": "Computer", "is_active": True,
                         "is_restricted": False, "volume_percent": 50}]
        self.playback: Playback | None = None
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.authorize_requests: list[dict[str, str]] = []
        self.secrets_seen: set[str] = set()  # every code, verifier and token: none may reach a log
        self._codes: dict[str, dict[str, str]] = {}
        self._access_tokens: dict[str, float] = {}
        self._refresh_tokens: set[str] = set()
        self._scope = ""
        self._faults: dict[tuple[str | None, str], list[Fault]] = {}
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> "FakeSpotify":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-spotify", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- test controls --------------------------------------------------------------------------
    def fail(self, path: str, status: int = 500, *, method: str | None = None, reason: str | None = None,
             json_body: Any = None, raw: bytes | None = None, headers: dict[str, str] | None = None,
             delay_s: float = 0.0, times: int = 1) -> None:
        """Answer the next ``times`` requests to ``path`` (e.g. "/v1/me") with this, instead of the real thing."""
        if raw is None:
            if json_body is None:
                json_body = {"error": {"status": status, "message": f"Injected {status}"}}
                if reason:
                    json_body["error"]["reason"] = reason
            raw = json.dumps(json_body).encode()
        with self._lock:
            self._faults.setdefault((method, path), []).append(Fault(status, raw, dict(headers or {}), delay_s, times))

    def expire_access_tokens(self) -> None:
        """Access tokens die early (the client still believes them valid): the API answers 401."""
        with self._lock:
            self._access_tokens.clear()

    def revoke_refresh_tokens(self) -> None:
        """Refresh tokens expire (six months) or access is removed: refresh answers invalid_grant."""
        with self._lock:
            self._refresh_tokens.clear()

    def add_track(self, track_id: str, seconds: float) -> str:
        """One more track of ``seconds``; its URI."""
        item = track(track_id, track_id.title(), "Test Tones", seconds)
        with self._lock:
            self.tracks[item["uri"]] = item
        return item["uri"]

    def set_track_seconds(self, seconds: float) -> None:
        with self._lock:
            for item in self.tracks.values():
                item["duration_ms"] = int(seconds * 1000)

    def refresh_token_accepted(self, refresh_token: str) -> bool:
        """Whether the accounts service would still take ``refresh_token``."""
        with self._lock:
            return refresh_token in self._refresh_tokens

    def count(self, method: str, path: str) -> int:
        with self._lock:
            return sum(1 for m, p, _ in self.requests if m == method and p == path)

    # -- request handling (server threads) ------------------------------------------------------
    def take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for key in ((method, path), (None, path)):
                faults = self._faults.get(key)
                if faults:
                    fault = faults[0]
                    fault.times -= 1
                    if fault.times <= 0:
                        faults.pop(0)
                    return fault
        return None

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.authorize_requests.append(query)
        redirect = query.get("redirect_uri", "")
        if query.get("client_id") not in self.client_ids:
            return 400, {}, b"INVALID_CLIENT: Invalid client"
        if not re.fullmatch(r"http://127\.0\.0\.1:\d+/callback", redirect):
            return 400, {}, b"INVALID_CLIENT: Invalid redirect URI"
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 400, {}, b"unsupported_response_type"
        if self.user_denies:
            params = {"error": "access_denied", "state": query.get("state", "")}
        else:
            code = "code-" + secrets.token_urlsafe(16)
            with self._lock:
                self._codes[code] = {"challenge": query.get("code_challenge", ""), "redirect_uri": redirect,
                                     "client_id": query["client_id"], "scope": query.get("scope", "")}
                self.secrets_seen.add(code)
            params = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{redirect}?{urlencode(params)}"}, b""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.secrets_seen.update(v for k, v in form.items() if k in ("code", "code_verifier", "refresh_token"))
            if form.get("client_id") not in self.client_ids:
                return 400, {"error": "invalid_client", "error_description": "Invalid client"}
            if form.get("grant_type") == "authorization_code":
                grant = self._codes.pop(form.get("code", ""), None)
                if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                    return 400, {"error": "invalid_grant", "error_description": "Invalid authorization code"}
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).decode().rstrip("=") != grant["challenge"]:
                    return 400, {"error": "invalid_grant", "error_description": "code_verifier was incorrect"}
                return 200, self._issue(grant["scope"])
            if form.get("grant_type") == "refresh_token":
                refresh = form.get("refresh_token", "")
                if refresh not in self._refresh_tokens:
                    return 400, {"error": "invalid_grant", "error_description": "Refresh token revoked"}
                self._refresh_tokens.discard(refresh)  # PKCE refresh tokens rotate
                return 200, self._issue(self._scope)
            return 400, {"error": "unsupported_grant_type"}

    def _issue(self, scope: str) -> dict[str, Any]:
        if self.granted_scopes is not None:
            scope = " ".join(s for s in scope.split() if s in self.granted_scopes)
        access, refresh = "AT-" + secrets.token_urlsafe(24), "RT-" + secrets.token_urlsafe(24)
        self._access_tokens[access] = time.monotonic() + self.access_token_lifetime_s
        self._refresh_tokens.add(refresh)
        self.secrets_seen.update((access, refresh))
        self._scope = scope
        return {"access_token": access, "token_type": "Bearer", "expires_in": self.access_token_lifetime_s,
                "refresh_token": refresh, "scope": scope}

    def authorised(self, header: str) -> bool:
        token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
        with self._lock:
            return self._access_tokens.get(token, 0) > time.monotonic()

    def api(self, method: str, path: str, query: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
        with self._lock:
            if (method, path) == ("GET", "/v1/me"):
                return 200, self.user
            if (method, path) == ("GET", "/v1/me/playlists"):
                limit, offset = int(query.get("limit", 20)), int(query.get("offset", 0))
                if limit > 50:
                    return 400, _error(400, "Invalid limit")
                items = [self._playlist_json(p) for p in self.user_playlists[offset:offset + limit]]
                return 200, {"items": items, "total": len(self.user_playlists), "limit": limit, "offset": offset}
            if (method, path) == ("GET", "/v1/search"):
                return self._search(query)
            match = re.fullmatch(r"/v1/playlists/([^/]+)/items", path)
            if method == "GET" and match:
                found = self._find_playlist(match.group(1))
                if found is None:
                    return 404, _error(404, "Resource not found")
                return 200, {"items": [{"added_at": "2026-01-01T00:00:00Z", "is_local": False,
                                        "item": self.tracks[f"spotify:track:{t}"]} for t in found["track_ids"]]}
            if (method, path) == ("GET", "/v1/me/tracks"):
                return 200, {"items": [{"added_at": "2026-01-01T00:00:00Z",
                                        "track": self.tracks[f"spotify:track:{t}"]} for t in self.saved_track_ids]}
            if (method, path) == ("GET", "/v1/me/player/devices"):
                return 200, {"devices": self.devices}
            if (method, path) == ("GET", "/v1/me/player/currently-playing"):
                return self._currently_playing()
            if path.startswith("/v1/me/player/"):
                return self._control(method, path.rsplit("/", 1)[1], query, body)
            return 404, _error(404, "Service not found")

    def _playlist_json(self, p: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in p.items() if k != "track_ids"} | {"items": {"total": len(p["track_ids"])}}

    def _find_playlist(self, playlist_id: str) -> dict[str, Any] | None:
        every = self.user_playlists + [p for group in self.public_playlists.values() for p in group]
        return next((p for p in every if p["id"] == playlist_id), None)

    def _search(self, query: dict[str, str]) -> tuple[int, Any]:
        limit = int(query.get("limit", 10))
        if limit > 10 or query.get("type") != "playlist":  # development mode: at most 10 results
            return 400, _error(400, "Invalid limit")
        words = query.get("q", "").lower().split()
        found = [p for word in words for p in self.public_playlists.get(word, [])]
        items = [None] + [self._playlist_json(p) for p in found]  # Spotify does return nulls here
        return 200, {"playlists": {"items": items[:limit], "total": len(items), "limit": limit}}

    # -- playback -------------------------------------------------------------------------------
    def _settle(self) -> None:
        """Advance the playback clock: tracks end, the queue moves on, the end of the queue stops."""
        pb = self.playback
        if pb is None or pb.resumed_at is None:
            return
        now = time.monotonic()
        position = pb.offset_s + now - pb.resumed_at
        while position >= self._duration(pb.queue[pb.index]):
            position -= self._duration(pb.queue[pb.index])
            if pb.index + 1 >= len(pb.queue):
                pb.offset_s, pb.resumed_at = 0.0, None  # the end: stopped on the last track, at 0
                return
            pb.index += 1
        pb.offset_s, pb.resumed_at = position, now

    def _duration(self, uri: str) -> float:
        return self.tracks[uri]["duration_ms"] / 1000.0

    def _currently_playing(self) -> tuple[int, Any]:
        self._settle()
        pb = self.playback
        if pb is None:
            return 204, None
        return 200, {"is_playing": pb.resumed_at is not None, "progress_ms": int(pb.offset_s * 1000),
                     "item": self.tracks[pb.queue[pb.index]], "currently_playing_type": "track",
                     "context": {"uri": pb.context_uri, "type": "playlist"} if pb.context_uri else None}

    def _control(self, method: str, action: str, query: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
        if self.user["product"] != "premium":
            return 403, _error(403, "Player command failed: Premium required", "PREMIUM_REQUIRED")
        device_id = query.get("device_id")
        if device_id and not any(d["id"] == device_id for d in self.devices):
            return 404, _error(404, "Device not found")
        active = next((d for d in self.devices if d["is_active"]), None)
        if not device_id and active is None:
            return 404, _error(404, "Player command failed: No active device found", "NO_ACTIVE_DEVICE")
        device_id = device_id or active["id"]
        self._settle()
        now, pb = time.monotonic(), self.playback
        if (method, action) == ("PUT", "play"):
            if body.get("context_uri"):
                found = self._find_playlist(body["context_uri"].rsplit(":", 1)[1])
                if found is None or not found["track_ids"]:
                    return 404, _error(404, "Context not found")
                queue = [f"spotify:track:{t}" for t in found["track_ids"]]
                self.playback = Playback(device_id, body["context_uri"], queue)
            elif body.get("uris"):
                unknown = [uri for uri in body["uris"] if uri not in self.tracks]
                if unknown:
                    return 404, _error(404, f"Non existing id: '{unknown[0]}'")
                self.playback = Playback(device_id, "", list(body["uris"]))
            elif pb is None:
                return 404, _error(404, "Nothing to resume", "NO_ACTIVE_DEVICE")
            self.playback.resumed_at = now
            return 204, None
        if pb is None:
            return 403, _error(403, "Player command failed: Restriction violated", "UNKNOWN")
        if (method, action) == ("PUT", "pause"):
            pb.resumed_at = None
        elif (method, action) == ("POST", "next"):
            if pb.index + 1 < len(pb.queue):
                pb.index, pb.offset_s = pb.index + 1, 0.0
            else:
                pb.offset_s, pb.resumed_at = 0.0, None
            if pb.resumed_at is not None:
                pb.resumed_at = now
        elif (method, action) == ("PUT", "seek"):
            pb.offset_s = int(query["position_ms"]) / 1000.0
            pb.resumed_at = now if pb.resumed_at is not None else None
        elif (method, action) == ("PUT", "volume"):
            for device in self.devices:
                if device["id"] == device_id:
                    device["volume_percent"] = int(query["volume_percent"])
        else:
            return 404, _error(404, "Service not found")
        return 204, None


def _error(status: int, message: str, reason: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"status": status, "message": message}
    if reason:
        error["reason"] = reason
    return {"error": error}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSpotify

    def log_message(self, format: str, *args: object) -> None:
        """Silent: tests read the fake's own records instead."""

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch("PUT")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        url = url._replace(path=url.path.rstrip("/") or "/")  # spotipy asks for "me/"; Spotify accepts both
        query_lists = parse_qs(url.query)
        query = {k: v[0] for k, v in query_lists.items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        with self.fake._lock:
            self.fake.requests.append((method, url.path, query_lists))
        try:
            fault = self.fake.take_fault(method, url.path)
            if fault is not None:
                self.fake.wait(fault.delay_s)
                self._send(fault.status, fault.body, {"Content-Type": "application/json", **fault.headers})
            elif url.path == "/authorize" and method == "GET":
                status, headers, body = self.fake.authorize(query)
                self._send(status, body, {"Content-Type": "text/plain", **headers})
            elif url.path == "/api/token" and method == "POST":
                form = {k: v[0] for k, v in parse_qs(raw_body.decode()).items()}
                status, payload = self.fake.token(form)
                self._send(status, json.dumps(payload).encode(), {"Content-Type": "application/json"})
            elif url.path.startswith("/v1/"):
                if not self.fake.authorised(self.headers.get("Authorization", "")):
                    self._send(401, json.dumps(_error(401, "The access token expired")).encode(),
                               {"Content-Type": "application/json"})
                    return
                body = json.loads(raw_body) if raw_body else {}
                status, payload = self.fake.api(method, url.path, query, body)
                data = b"" if payload is None else json.dumps(payload).encode()
                self._send(status, data, {"Content-Type": "application/json"} if data else {})
            else:
                self._send(404, b"not found", {"Content-Type": "text/plain"})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
