"""``emotune spotify login|status|logout``: clear words, a bounded wait, and never a token on screen."""
from __future__ import annotations

import io

from emotune.cli import build_parser, main
from emotune.spotify.cli import login_command, logout_command, status_command
from spotify.conftest import Browser


def _secrets_in(text: str, fake) -> list[str]:
    return [secret for secret in fake.secrets_seen if secret in text]


def test_login_status_logout_round_trip(make_service, fake) -> None:
    service = make_service()
    out = io.StringIO()
    assert login_command(service, None, out) == 0
    assert "Linked as Test Listener" in out.getvalue() and "http://127.0.0.1:" in out.getvalue()
    assert status_command(service, out) == 0
    assert "Spotify: Linked as Test Listener" in out.getvalue() and "Login stored in: file" in out.getvalue()
    assert logout_command(service, out) == 0
    assert status_command(service, out) == 1
    assert out.getvalue().rstrip().splitlines()[-3] == "Spotify: Not linked."
    assert not _secrets_in(out.getvalue(), fake)


def test_login_without_a_browser_prints_the_url_and_gives_up_in_time(make_service) -> None:
    service = make_service(open_url=lambda url: False, login_timeout_s=0.3)
    out = io.StringIO()
    assert login_command(service, None, out) == 1
    text = out.getvalue()
    assert "Open this address in a browser" in text and "/authorize?" in text
    assert "Not linked: Linking Spotify timed out" in text


def test_login_saves_a_client_id_given_on_the_command_line(make_service, settings) -> None:
    settings.set("spotify_client_id", "")
    service = make_service(open_url=Browser(follow=False).open, login_timeout_s=0.2)
    assert login_command(service, None, io.StringIO()) == 2
    assert login_command(service, "emotune-test-client-id", io.StringIO()) == 1  # timed out, but the ID is kept
    assert settings.get("spotify_client_id") == "emotune-test-client-id"


def test_status_says_needs_relink(linked, fake, store) -> None:
    fake.expire_access_tokens()
    fake.revoke_refresh_tokens()
    out = io.StringIO()
    assert status_command(linked, out) == 1
    assert "Needs linking again" in out.getvalue()


def test_the_subcommands_are_registered_and_status_runs_offline(capsys) -> None:
    args = build_parser().parse_args(["spotify", "login", "--no-browser", "--timeout", "5"])
    assert (args.no_browser, args.timeout) == (True, 5.0)
    assert main(["spotify", "status"]) == 1
    assert "Spotify: Not linked." in capsys.readouterr().out


def test_login_with_too_few_permissions_says_so_and_fails(make_service, fake) -> None:
    fake.granted_scopes = {"user-read-private"}
    service = make_service()
    out = io.StringIO()
    assert login_command(service, None, out) == 1
    assert status_command(service, out) == 1
    text = out.getvalue()
    assert "Missing permissions" in text and "user-modify-playback-state" in text and "Link again" in text
    assert "Login stored in: file" in text
