"""The HTTP session under spotipy: few, quick retries, no long sleeps, JSON checked on arrival, and an
overall deadline per call.

spotipy's own session retries 429 and honours ``Retry-After`` in full (Spotify sends values of hours),
so a rate limit would freeze whatever thread made the call; and once its retries run out it reports a
5xx as a 429. Emotune hands spotipy this session instead:

* 429 is not retried here: it comes back at once and becomes ``SpotifyError(kind=RATE_LIMITED,
  retry_after=...)``, for the caller to schedule;
* 5xx is retried twice, at once and after 0.4 s, ignoring ``Retry-After``, and only for idempotent
  methods (a repeated POST "next track" would skip two tracks); then the last response is returned so
  its real status reaches the error translation. A connection that could not be made is retried alike;
* a 2xx body that is not JSON raises :class:`MalformedResponse`. spotipy would swallow the decode error
  and return None, which reads the same as "nothing is playing";
* inside ``with session.deadline(seconds):`` every attempt's connect and read timeouts are cut to the
  time left, and no attempt starts once it is spent (:class:`DeadlineExceeded`, a ``requests.Timeout``).
  A read timeout alone bounds each attempt, not the call: retries, a 401 refresh and its retry could
  add up to three times the timeout. The deadline is per thread, so calls on other threads keep theirs.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from requests.adapters import HTTPAdapter

RETRIED_STATUSES = (500, 502, 503, 504)
RETRIED_METHODS = frozenset({"GET", "PUT", "DELETE"})
RETRY_DELAYS_S = (0.0, 0.4)


class MalformedResponse(requests.RequestException):
    """A successful status with a body that is not JSON (a proxy's HTML page, a truncated reply)."""


class DeadlineExceeded(requests.Timeout):
    """The call's overall deadline passed before (or while) a request could be made."""


def _require_json(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    if 200 <= response.status_code < 300 and response.content.strip():
        try:
            json.loads(response.content)
        except ValueError as error:
            raise MalformedResponse(f"{response.status_code} reply to {response.request.method} "
                                    f"{response.request.path_url.split('?')[0]} is not JSON: {error}",
                                    response=response) from None
    return response


def _timeout_pair(timeout: Any) -> tuple[float | None, float | None]:
    if isinstance(timeout, tuple):
        return timeout[0], timeout[1]
    return timeout, timeout


def _cut(limit: float | None, left: float) -> float:
    return left if limit is None else min(limit, left)


class BoundedSession(requests.Session):
    """A ``requests.Session`` that retries on its own terms and keeps each thread's call deadline."""

    def __init__(self) -> None:
        super().__init__()
        self._local = threading.local()
        adapter = HTTPAdapter(max_retries=0)
        self.mount("http://", adapter)
        self.mount("https://", adapter)
        self.hooks["response"].append(_require_json)

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Bound everything this thread sends inside the block to ``seconds`` from now (nested: the sooner)."""
        previous = getattr(self._local, "deadline", None)
        ends = time.monotonic() + seconds
        self._local.deadline = ends if previous is None else min(previous, ends)
        try:
            yield
        finally:
            self._local.deadline = previous

    def _left(self) -> float | None:
        ends = getattr(self._local, "deadline", None)
        return None if ends is None else ends - time.monotonic()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        idempotent = (request.method or "").upper() in RETRIED_METHODS
        connect, read = _timeout_pair(kwargs.get("timeout"))
        for attempt, delay in enumerate((*RETRY_DELAYS_S, None)):
            left = self._left()
            if left is not None:
                if left <= 0:
                    raise DeadlineExceeded(f"no time left for {request.method} {request.path_url.split('?')[0]}",
                                           request=request)
                kwargs["timeout"] = (_cut(connect, left), _cut(read, left))
            try:
                response = super().send(request, **kwargs)
            except requests.ConnectionError as error:
                connect_failed = isinstance(error, requests.ConnectTimeout) or "NewConnectionError" in repr(error)
                if delay is None or not connect_failed or not self._may_wait(delay):
                    raise
            else:
                if delay is None or not idempotent or response.status_code not in RETRIED_STATUSES:
                    return response
                if not self._may_wait(delay):
                    return response
                response.close()
            time.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _may_wait(self, delay: float) -> bool:
        left = self._left()
        return left is None or left > delay


def build_session() -> BoundedSession:
    return BoundedSession()
