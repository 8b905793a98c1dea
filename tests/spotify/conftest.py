"""Fixtures for the Spotify tests: a service wired to the fake Spotify server (``fake``, in
tests/conftest.py), a stand-in browser, log capture at DEBUG for the loggers that could leak a token,
and a hard time limit per test."""
from __future__ import annotations

import faulthandler
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest

from emotune.settings import Settings
from emotune.spotify.service import SpotifyService
from emotune.spotify.token_store import FileTokenStore
from spotify.fake_spotify import CLIENT_ID, FakeSpotify

TEST_LIMIT_S = 30.0
LEAKY_LOGGERS = ("spotipy", "spotipy.client", "spotipy.oauth2", "spotipy.cache_handler", "urllib3",
                 "urllib3.connectionpool", "requests", "emotune")


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    """Nothing here may hang: past the limit, dump every thread's stack and end the run."""
    faulthandler.dump_traceback_later(TEST_LIMIT_S, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def no_real_keyring() -> Iterator[None]:
    """The developer's own keyring is never touched: keyring's placeholder backend stands in."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def settings(tmp_path, fake: FakeSpotify) -> Settings:
    settings = Settings(tmp_path / "settings.json")
    settings.set("spotify_client_id", CLIENT_ID)
    settings.set("spotify_api_base", fake.base_url)
    settings.set("spotify_accounts_base", fake.base_url)
    settings.set("spotify_redirect_port", 0)  # any free port: tests never take 8888
    return settings


class Browser:
    """Stands in for the user's browser: opens the authorize URL and follows the redirect to Emotune."""

    def __init__(self, follow: bool = True) -> None:
        self.follow = follow
        self.urls: list[str] = []
        self.pages: list[tuple[int, str]] = []

    def open(self, url: str) -> bool:
        self.urls.append(url)
        if self.follow:
            self.pages.append(fetch(url))
        return True


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def browser() -> Browser:
    return Browser()


@pytest.fixture
def store(tmp_path) -> FileTokenStore:
    return FileTokenStore(tmp_path / "config" / "spotify_token.json")


@pytest.fixture
def make_service(settings, store, browser) -> Iterator[Callable[..., SpotifyService]]:
    made: list[SpotifyService] = []

    def make(**kwargs) -> SpotifyService:
        kwargs.setdefault("token_store", store)
        kwargs.setdefault("open_url", browser.open)
        kwargs.setdefault("request_timeout_s", 1.0)
        kwargs.setdefault("login_timeout_s", 5.0)
        kwargs.setdefault("poll_interval_s", 1.0)
        kwargs.setdefault("environ", {})
        service = SpotifyService(settings, **kwargs)
        made.append(service)
        return service

    yield make
    for service in made:
        service.close(wait_s=5.0)


@pytest.fixture
def service(make_service) -> SpotifyService:
    return make_service()


@pytest.fixture
def linked(service: SpotifyService) -> SpotifyService:
    service.link()
    return service


@pytest.fixture
def spotify_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in LEAKY_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def assert_no_secret_logged(caplog: pytest.LogCaptureFixture, fake: FakeSpotify) -> None:
    text = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    assert fake.secrets_seen, "the test should have exchanged some credentials"
    leaked = [secret for secret in fake.secrets_seen if secret in text]
    assert not leaked, f"{len(leaked)} credential(s) reached the log"
