"""Linking end to end against the fake Spotify: PKCE verified by the server, the state checked by
Emotune's loopback listener, and every way a login can fail ends with the port free again."""
from __future__ import annotations

import socket
import stat
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from emotune.errors import SpotifyError
from emotune.spotify.endpoints import SCOPES
from emotune.spotify.link_status import LinkState
from spotify.conftest import Browser, assert_no_secret_logged, fetch


def _port_of(url: str) -> int:
    redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
    return urlsplit(redirect).port


def _can_bind(port: int) -> bool:
    """Whether a new listener could take ``port``: with SO_REUSEADDR, as the next login's listener binds,
    so a closed connection's TIME_WAIT does not count, while a socket still listening does."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_link_end_to_end_stores_tokens_privately_and_logs_none(service, fake, store, browser, spotify_logs) -> None:
    status = service.link()
    assert status.state is LinkState.LINKED
    assert status.account.display_name == "Test Listener" and status.account.is_premium
    request = fake.authorize_requests[0]
    assert request["code_challenge_method"] == "S256" and request["state"]
    assert set(request["scope"].split()) == set(SCOPES)
    assert browser.pages[0][0] == 200 and "linked" in browser.pages[0][1]
    record = store.load()
    assert record["access_token"] in fake.secrets_seen and record["refresh_token"] in fake.secrets_seen
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert _can_bind(_port_of(browser.urls[0]))
    assert service.playlists()  # the API works with the new tokens
    assert_no_secret_logged(spotify_logs, fake)


def test_fake_rejects_a_verifier_that_does_not_match_the_challenge(fake) -> None:
    status, headers, _ = fake.authorize({"client_id": "emotune-test-client-id", "response_type": "code",
                                         "redirect_uri": "http://127.0.0.1:9/callback", "code_challenge": "abc",
                                         "code_challenge_method": "S256", "state": "s"})
    code = parse_qs(urlsplit(headers["Location"]).query)["code"][0]
    status, body = fake.token({"client_id": "emotune-test-client-id", "grant_type": "authorization_code",
                               "code": code, "redirect_uri": "http://127.0.0.1:9/callback", "code_verifier": "wrong"})
    assert (status, body["error"]) == (400, "invalid_grant")


def test_a_redirect_with_the_wrong_state_is_refused_with_a_clear_page(make_service, fake) -> None:
    pages: list[tuple[int, str]] = []

    def forged_redirect(url: str) -> bool:
        port = _port_of(url)
        pages.append(fetch(f"http://127.0.0.1:{port}/callback?code=stolen&state=not-the-one"))
        return True

    service = make_service(open_url=forged_redirect)
    started = time.monotonic()
    with pytest.raises(SpotifyError) as caught:
        service.link()
    assert caught.value.kind == "state_mismatch"
    assert time.monotonic() - started < 3
    assert pages[0][0] == 400 and "refused" in pages[0][1]
    assert fake.count("POST", "/api/token") == 0  # the forged code was never exchanged
    assert service.status().state is LinkState.NOT_LINKED


def test_a_login_never_completed_times_out_and_frees_the_port(make_service) -> None:
    idle = Browser(follow=False)
    service = make_service(open_url=idle.open, login_timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(SpotifyError) as caught:
        service.link()
    assert caught.value.kind == "login_timeout" and "redirect URI" in caught.value.detail
    assert time.monotonic() - started < 3
    assert _can_bind(_port_of(idle.urls[0]))


def test_a_waiting_login_can_be_cancelled_from_another_thread(make_service) -> None:
    idle = Browser(follow=False)
    service = make_service(open_url=idle.open, login_timeout_s=20)
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: _capture(service.link, outcome))
    worker.start()
    deadline = time.monotonic() + 5
    while not idle.urls and time.monotonic() < deadline:
        time.sleep(0.02)
    service.cancel_link()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert isinstance(outcome[0], SpotifyError) and outcome[0].kind == "login_cancelled"
    assert _can_bind(_port_of(idle.urls[0]))


def _capture(call, outcome: list[BaseException]) -> None:
    try:
        call()
    except BaseException as error:  # handed to the test thread
        outcome.append(error)


def test_declining_access_is_reported(make_service, fake) -> None:
    fake.user_denies = True
    with pytest.raises(SpotifyError) as caught:
        make_service().link()
    assert caught.value.kind == "login_denied"


def test_an_unknown_client_id_fails_clearly(make_service, fake, settings) -> None:
    fake.client_ids = {"another-app"}
    with pytest.raises(SpotifyError) as caught:
        make_service(login_timeout_s=0.5).link()
    assert caught.value.kind == "login_timeout"  # Spotify shows its error in the browser and never redirects


def test_the_probe_sees_a_listening_port_as_busy() -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        assert not _can_bind(listening.getsockname()[1])


def test_a_busy_port_is_named(make_service, settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings.set("spotify_redirect_port", port)
        with pytest.raises(SpotifyError) as caught:
            make_service().link()
    assert caught.value.kind == "port_busy" and str(port) in caught.value.short


def test_no_client_id_asks_for_one(make_service, settings) -> None:
    settings.set("spotify_client_id", "")
    with pytest.raises(SpotifyError) as caught:
        make_service().link()
    assert caught.value.kind == "no_client_id"


def test_unlink_forgets_the_tokens(linked, store) -> None:
    linked.unlink()
    assert store.load() is None
    assert linked.status().state is LinkState.NOT_LINKED
    with pytest.raises(SpotifyError) as caught:
        linked.playlists()
    assert caught.value.kind == "not_linked"


def test_a_new_client_id_unlinks(linked, store) -> None:
    linked.set_client_id("another-app")
    assert store.load() is None
    assert linked.settings.get("spotify_client_id") == "another-app"
