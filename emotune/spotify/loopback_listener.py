"""A short-lived HTTP listener on 127.0.0.1 that receives Spotify's redirect after the user logs in.

spotipy's own callback server serves exactly one request, blocks until it comes (no timeout, no way
to cancel) and runs on whichever thread first needed a token. This one serves from its own thread,
waits with a timeout, can be cancelled from any thread, checks the OAuth ``state`` before accepting a
code, and releases its port when closed.
"""
from __future__ import annotations

import html
import logging
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind

log = logging.getLogger(__name__)

CALLBACK_PATH = "/callback"


class _CallbackServer(ThreadingHTTPServer):
    daemon_threads = True  # a browser's idle pre-connection must never delay closing
    listener: "LoopbackListener"


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _CallbackServer
    timeout = 10  # seconds a connection may sit idle before its thread gives up on it

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        if url.path != CALLBACK_PATH:
            self._page(404, "Not found", "Emotune is waiting for Spotify's answer at another address.")
            return
        self._page(*self.server.listener.handle_callback(parse_qs(url.query)))

    def _page(self, status: int, title: str, text: str) -> None:
        body = (f"<!doctype html><html><head><meta charset='utf-8'><title>Emotune – {html.escape(title)}</title>"
                f"</head><body style='font-family:sans-serif;max-width:36em;margin:4em auto'>"
                f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the request line carries the authorization code."""


class LoopbackListener:
    """Listens on ``http://127.0.0.1:<port>/callback`` (port 0: any free port) until closed."""

    def __init__(self, port: int, expected_state: str) -> None:
        try:
            self._server = _CallbackServer(("127.0.0.1", port), _CallbackHandler)
        except OSError as error:
            raise SpotifyError(f"Port {port} is busy",
                               f"Emotune needs port {port} on 127.0.0.1 to receive Spotify's answer, and another "
                               f"program uses it ({error.strerror or error}). Close that program, or choose another "
                               "port in Settings → Spotify and register the new redirect URI in your Spotify app.",
                               kind=SpotifyErrorKind.PORT_BUSY) from error
        self._server.listener = self
        self._expected_state = expected_state
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._code: str | None = None
        self._error: SpotifyError | None = None
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="spotify-login-listener", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def wait_for_code(self, timeout_s: float) -> str:
        """The authorization code, once a valid redirect arrived; raises SpotifyError otherwise."""
        if not self._finished.wait(timeout_s):
            raise SpotifyError("Linking Spotify timed out",
                               f"No answer from Spotify within {timeout_s:.0f} s. If the browser showed an error "
                               "about the redirect URI, register exactly the URI shown in Settings → Spotify in your "
                               "Spotify app; then press Link again.", kind=SpotifyErrorKind.LOGIN_TIMEOUT)
        if self._error is not None:
            raise self._error
        assert self._code is not None
        return self._code

    def cancel(self) -> None:
        self._finish(None, SpotifyError("Linking Spotify was cancelled", "Press Link to try again.",
                                        kind=SpotifyErrorKind.LOGIN_CANCELLED))

    def close(self) -> None:
        """Stop serving and free the port (safe to call twice)."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=2.0)

    def __enter__(self) -> "LoopbackListener":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- called on the server's threads -------------------------------------------------------------
    def handle_callback(self, params: dict[str, list[str]]) -> tuple[int, str, str]:
        """Judge one redirect: returns (HTTP status, page title, page text) for the browser."""
        state = (params.get("state") or [""])[0]
        if not secrets.compare_digest(state.encode(), self._expected_state.encode()):
            log.warning("Spotify login: refused a redirect whose state did not match")
            self._finish(None, SpotifyError(
                "Spotify's answer was refused", "The answer did not belong to the login Emotune started (its state "
                "did not match), so it was ignored for your safety. Press Link again.",
                kind=SpotifyErrorKind.STATE_MISMATCH))
            return 400, "Login refused", ("This answer does not belong to the login Emotune started, so it was "
                                          "refused. Go back to Emotune and press Link again.")
        error, code = (params.get("error") or [""])[0], (params.get("code") or [""])[0]
        if error or not code:
            self._finish(None, SpotifyError("Spotify login was not completed",
                                            f"Spotify answered: {error or 'no code'}. Press Link to try again.",
                                            kind=SpotifyErrorKind.LOGIN_DENIED))
            return 200, "Not linked", "Emotune was not given access to Spotify. You can close this tab."
        if not self._finish(code, None):
            return 409, "Already answered", "Emotune already received an answer for this login. You can close this tab."
        return 200, "Emotune is linked", "Spotify is linked to Emotune. You can close this tab and return to Emotune."

    def _finish(self, code: str | None, error: SpotifyError | None) -> bool:
        with self._lock:
            if self._finished.is_set():
                return False
            self._code, self._error = code, error
            self._finished.set()
            return True
