"""The HTTP session under spotipy: few, quick retries, no long sleeps, and JSON checked on arrival.

spotipy's own session retries 429 and honours ``Retry-After`` in full (Spotify sends values of hours),
so a rate limit would freeze whatever thread made the call; and once its retries run out it reports a
5xx as a 429. Emotune hands spotipy this session instead:

* 429 is not retried here: it comes back at once and becomes ``SpotifyError(kind="rate_limited",
  retry_after=...)``, for the caller to schedule;
* 5xx is retried twice, at once and after 0.4 s, ignoring ``Retry-After``, and only for idempotent
  methods (a repeated POST "next track" would skip two tracks); then the last response is returned so
  its real status reaches the error translation;
* a 2xx body that is not JSON raises :class:`MalformedResponse`. spotipy would swallow the decode error
  and return None, which reads the same as "nothing is playing".
"""
from __future__ import annotations

import json
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

RETRIED_STATUSES = (500, 502, 503, 504)
RETRIED_METHODS = frozenset({"GET", "PUT", "DELETE"})


class MalformedResponse(requests.RequestException):
    """A successful status with a body that is not JSON (a proxy's HTML page, a truncated reply)."""


def _require_json(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    if 200 <= response.status_code < 300 and response.content.strip():
        try:
            json.loads(response.content)
        except ValueError as error:
            raise MalformedResponse(f"{response.status_code} reply to {response.request.method} "
                                    f"{response.request.path_url.split('?')[0]} is not JSON: {error}",
                                    response=response) from None
    return response


def build_session() -> requests.Session:
    retry = Retry(
        total=2, connect=2, read=False, other=0, status=2,
        backoff_factor=0.2, status_forcelist=RETRIED_STATUSES, allowed_methods=RETRIED_METHODS,
        respect_retry_after_header=False, raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.hooks["response"].append(_require_json)
    return session
