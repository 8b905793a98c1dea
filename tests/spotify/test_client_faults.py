"""Each fault Spotify can throw ends where a user would expect it to, quickly, and logs no credential."""
from __future__ import annotations

import time

import pytest

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.spotify.link_status import LinkState
from spotify.conftest import assert_no_secret_logged


def _kind_of(call) -> SpotifyError:
    with pytest.raises(SpotifyError) as caught:
        call()
    return caught.value


def test_a_401_refreshes_once_and_retries(linked, fake, store, spotify_logs) -> None:
    old_refresh = store.load()["refresh_token"]
    fake.expire_access_tokens()
    assert [p.name for p in linked.playlists()] == ["Sunny Mornings", "Rainy Days", "Focus"]
    assert fake.count("POST", "/api/token") == 2  # the login, then one refresh
    assert store.load()["refresh_token"] != old_refresh  # the rotated refresh token was kept
    assert_no_secret_logged(spotify_logs, fake)


def test_an_expired_refresh_token_drops_the_tokens_and_asks_to_relink(linked, fake, store, spotify_logs) -> None:
    fake.expire_access_tokens()
    fake.revoke_refresh_tokens()
    error = _kind_of(linked.devices)
    assert error.kind == "needs_relink" and "link" in error.detail.lower()
    assert store.load() == {"needs_relink": True}
    status = linked.status()
    assert status.state is LinkState.NEEDS_RELINK and "again" in status.describe()
    requests_before = len(fake.requests)
    again = _kind_of(linked.devices)  # no further requests with the stale login, and the same words as status
    assert again.kind is SpotifyErrorKind.NEEDS_RELINK and "client ID" not in again.detail
    assert len(fake.requests) == requests_before
    assert_no_secret_logged(spotify_logs, fake)


def test_an_expired_refresh_token_found_by_the_stored_expiry_is_handled_alike(linked, fake, store) -> None:
    record = store.load()
    store.save(record | {"expires_at": int(time.time()) - 10})
    fake.revoke_refresh_tokens()
    assert linked.status().state is LinkState.NEEDS_RELINK


def test_429_comes_back_at_once_with_the_wait_spotify_asked_for(linked, fake, spotify_logs) -> None:
    fake.fail("/v1/me/playlists", 429, headers={"Retry-After": "3600"}, times=5)
    started = time.monotonic()
    error = _kind_of(linked.playlists)
    assert time.monotonic() - started < 2.0
    assert (error.kind, error.retry_after) == ("rate_limited", 3600.0)
    assert fake.count("GET", "/v1/me/playlists") == 1  # not retried
    assert_no_secret_logged(spotify_logs, fake)


def test_a_passing_5xx_is_retried_quietly(linked, fake) -> None:
    fake.fail("/v1/me/player/devices", 503)
    assert [d.name for d in linked.devices()] == ["Laptop"]
    assert fake.count("GET", "/v1/me/player/devices") == 2


def test_a_lasting_5xx_is_a_server_error_with_its_real_status(linked, fake) -> None:
    fake.fail("/v1/me/player/devices", 502, headers={"Retry-After": "3600"}, times=10)
    started = time.monotonic()
    error = _kind_of(linked.devices)
    assert error.kind == "server_error" and "502" in error.detail
    assert time.monotonic() - started < 3.0
    assert fake.count("GET", "/v1/me/player/devices") == 3  # the call and two retries, no more


def test_a_post_is_never_repeated_on_5xx(linked, fake) -> None:
    fake.fail("/v1/me/player/next", 500, method="POST")
    assert _kind_of(linked.client().next_track).kind == "server_error"
    assert fake.count("POST", "/v1/me/player/next") == 1


def test_a_slow_answer_times_out(linked, fake) -> None:
    fake.fail("/v1/me/player/devices", 200, json_body={"devices": []}, delay_s=3.0)
    started = time.monotonic()
    assert _kind_of(linked.devices).kind == "timeout"
    assert time.monotonic() - started < 2.5  # the request timeout is 1 s in these tests


def test_malformed_json_is_a_bad_response_not_an_empty_answer(linked, fake) -> None:
    fake.fail("/v1/me/player/currently-playing", 200, raw=b"{\"is_playing\": tr")
    assert _kind_of(linked.client().currently_playing).kind == "bad_response"
    assert linked.client().currently_playing() is None  # the real 204: nothing is playing


def test_json_without_what_spotify_documents_is_a_bad_response(linked, fake) -> None:
    fake.fail("/v1/me/playlists", 200, json_body={"unexpected": True})
    assert _kind_of(linked.playlists).kind == "bad_response"


def test_a_bad_token_endpoint_answer_is_a_bad_response(linked, fake) -> None:
    fake.expire_access_tokens()
    fake.fail("/api/token", 200, raw=b"<html>proxy</html>")
    assert _kind_of(linked.devices).kind == "bad_response"


def test_premium_and_device_problems_are_named(linked, fake) -> None:
    client = linked.client()
    fake.devices[0]["is_active"] = False
    assert _kind_of(lambda: client.start_playback("spotify:playlist:plSunny")).kind == "no_active_device"
    assert _kind_of(lambda: client.start_playback("spotify:playlist:plSunny", "gone")).kind == "no_active_device"
    fake.user["product"] = "free"
    error = _kind_of(lambda: client.start_playback("spotify:playlist:plSunny", "dev-laptop"))
    assert error.kind == "premium_required" and "Premium" in error.short


def test_a_403_in_development_mode_explains_the_user_list(linked, fake) -> None:
    message = "User not registered in the Developer Dashboard"
    fake.fail("/v1/me", 403, json_body={"error": {"status": 403, "message": message}})
    status = linked.status()
    assert status.state is LinkState.LINKED and "refused" in status.message and "User Management" in status.message


def test_no_server_at_all_is_a_network_error(linked, fake) -> None:
    fake.stop()
    started = time.monotonic()
    assert _kind_of(linked.devices).kind == "network"
    assert time.monotonic() - started < 3.0


# -- issue 10, the Spotify faults ---------------------------------------------------------------------

def test_a_401_right_after_a_good_refresh_keeps_the_tokens(linked, fake, store, spotify_logs) -> None:
    fake.fail("/v1/me/player/devices", 401, json_body={"error": {"status": 401, "message": "Invalid access token"}},
              times=2)
    error = _kind_of(linked.devices)
    assert error.kind is SpotifyErrorKind.UNAUTHORIZED and "kept" in error.detail
    assert fake.count("POST", "/api/token") == 2  # the login, then the one refresh that succeeded
    record = store.load()
    assert fake.refresh_token_accepted(record["refresh_token"])  # still stored, still good
    assert linked.status(check_online=False).state is LinkState.LINKED
    assert [d.name for d in linked.devices()] == ["Laptop"]  # the next call just works
    assert_no_secret_logged(spotify_logs, fake)


def test_fewer_granted_scopes_are_reported_as_missing_permissions(make_service, fake, store) -> None:
    fake.granted_scopes = {"user-read-private", "playlist-read-private"}
    service = make_service()
    status = service.link()
    assert status.state is LinkState.MISSING_PERMISSIONS
    assert "user-modify-playback-state" in status.missing_scopes
    assert "Missing permissions" in status.describe() and "Link again" in status.describe()
    assert service.status(check_online=False).state is LinkState.MISSING_PERMISSIONS
    error = _kind_of(service.devices)
    assert error.kind is SpotifyErrorKind.MISSING_PERMISSIONS and "not linked" not in error.short.lower()
    assert "user-read-playback-state" in error.detail and "Link again" in error.detail
    assert store.load()["access_token"]  # nothing was thrown away: linking again is enough
    fake.granted_scopes = None
    assert service.link().state is LinkState.LINKED


@pytest.mark.parametrize("status, kind, short", [
    (429, SpotifyErrorKind.RATE_LIMITED, "slow down"),
    (503, SpotifyErrorKind.SERVER_ERROR, "having trouble"),
])
def test_a_failing_token_endpoint_is_named_without_its_html(linked, fake, store, status, kind, short) -> None:
    page = b"<html><body><h1>" + str(status).encode() + b"</h1><p>upstream trouble</p></body></html>"
    fake.expire_access_tokens()
    fake.fail("/api/token", status, raw=page, headers={"Content-Type": "text/html", "Retry-After": "7"})
    error = _kind_of(linked.devices)
    assert error.kind is kind and short in error.short
    assert "<" not in error.short + error.detail and "login failed" not in error.short.lower()
    if kind is SpotifyErrorKind.RATE_LIMITED:
        assert error.retry_after == 7.0
    assert fake.refresh_token_accepted(store.load()["refresh_token"])  # the login is kept
    assert [d.name for d in linked.devices()] == ["Laptop"]


@pytest.mark.parametrize("path, method, message, reason", [
    ("/v1/me/player/play", "PUT", "Player command failed: Restriction violated", "UNKNOWN"),
    ("/v1/me/player/volume", "PUT", "Cannot control device volume", "VOLUME_CONTROL_DISALLOW"),
])
def test_a_player_403_is_not_blamed_on_development_mode(linked, fake, path, method, message, reason) -> None:
    fake.fail(path, 403, method=method, json_body={"error": {"status": 403, "message": message, "reason": reason}})
    client = linked.client()
    call = (lambda: client.set_volume(40)) if path.endswith("volume") else (
        lambda: client.start_playback("spotify:playlist:plSunny"))
    error = _kind_of(call)
    assert error.kind is SpotifyErrorKind.PLAYER_REFUSED and message in error.detail
    assert "User Management" not in error.detail and "development mode" not in error.detail


def test_after_the_relink_marker_errors_agree_with_the_status(linked, fake, store) -> None:
    store.save({"needs_relink": True})
    assert linked.status().state is LinkState.NEEDS_RELINK
    for call in (linked.devices, linked.playlists, lambda: linked.client().pause()):
        error = _kind_of(call)
        assert error.kind is SpotifyErrorKind.NEEDS_RELINK, error
        assert "client ID" not in error.detail and "not linked" not in error.short.lower()


def test_every_error_kind_is_the_enum(linked, fake) -> None:
    fake.fail("/v1/me/player/devices", 418)
    assert isinstance(_kind_of(linked.devices).kind, SpotifyErrorKind)


def test_retries_of_slow_5xx_answers_stop_at_the_calls_deadline(linked, fake) -> None:
    fake.fail("/v1/me/player/devices", 503, delay_s=0.8, times=10)  # each answer comes just within the timeout
    started = time.monotonic()
    error = _kind_of(linked.devices)
    took = time.monotonic() - started
    assert error.kind is SpotifyErrorKind.TIMEOUT and "time" in error.short
    assert took < 2.0  # 1.5 read timeouts (1 s in these tests), not 3 attempts of 0.8 s and more
    assert fake.count("GET", "/v1/me/player/devices") == 2


def test_the_deadline_covers_a_401s_refresh_and_retry(linked, fake) -> None:
    fake.fail("/v1/me/player/devices", 401, delay_s=0.9)  # each answer within the 1 s read timeout,
    fake.fail("/v1/me/player/devices", 200, json_body={"devices": []}, delay_s=0.9)  # but not both
    started = time.monotonic()
    assert _kind_of(linked.devices).kind is SpotifyErrorKind.TIMEOUT
    assert time.monotonic() - started < 1.75
    assert fake.count("POST", "/api/token") == 2  # the refresh happened, inside the same deadline
