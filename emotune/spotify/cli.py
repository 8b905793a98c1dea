"""``emotune spotify login|logout|status``: link an account from a terminal. Tokens are never printed."""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

from emotune.errors import SpotifyError
from emotune.paths import config_dir
from emotune.settings import Settings
from emotune.spotify.link_status import LinkState
from emotune.spotify.service import SpotifyService

DEFAULT_LOGIN_TIMEOUT_S = 300.0


def register(subparsers: argparse._SubParsersAction) -> None:
    spotify = subparsers.add_parser("spotify", help="link a Spotify account, show or remove the link")
    commands = spotify.add_subparsers(dest="spotify_command", metavar="ACTION", required=True)
    login = commands.add_parser("login", help="link your Spotify account (opens a browser)")
    login.add_argument("--client-id", help="your Spotify app's client ID (saved in the settings)")
    login.add_argument("--no-browser", action="store_true", help="print the URL instead of opening a browser")
    login.add_argument("--timeout", type=float, default=DEFAULT_LOGIN_TIMEOUT_S, metavar="SECONDS",
                       help=f"give up waiting for the browser after this long (default {DEFAULT_LOGIN_TIMEOUT_S:.0f})")
    login.set_defaults(run=lambda args: login_command(_service(args), args.client_id, sys.stdout))
    logout = commands.add_parser("logout", help="forget the Spotify login on this computer")
    logout.set_defaults(run=lambda args: logout_command(_service(args), sys.stdout))
    status = commands.add_parser("status", help="say whether Spotify is linked, and to whom")
    status.set_defaults(run=lambda args: status_command(_service(args), sys.stdout))


def _service(args: argparse.Namespace) -> SpotifyService:
    settings = Settings(config_dir() / "settings.json")
    timeout_s = getattr(args, "timeout", DEFAULT_LOGIN_TIMEOUT_S)
    if getattr(args, "no_browser", False):
        return SpotifyService(settings, open_url=lambda url: False, login_timeout_s=timeout_s)
    return SpotifyService(settings, login_timeout_s=timeout_s)


def login_command(service: SpotifyService, client_id: str | None, out: TextIO) -> int:
    if client_id:
        service.set_client_id(client_id)
    if not service.client_id:
        print("No Spotify client ID yet. Create an app at https://developer.spotify.com/dashboard, add the redirect "
              f"URI {service.redirect_uri()} to it, then run: emotune spotify login --client-id <ID>", file=out)
        return 2

    def show(url: str, opened: bool) -> None:
        if opened:
            print("Your browser was opened to log in to Spotify. If nothing appeared, open this address:", file=out)
        else:
            print("Open this address in a browser to log in to Spotify:", file=out)
        print(f"  {url}", file=out)
        print("Waiting for Spotify (Ctrl+C to give up)…", file=out, flush=True)

    try:
        status = service.link(notify_url=show)
    except SpotifyError as error:
        print(f"Not linked: {error.short}. {error.detail}", file=out)
        return 1
    except KeyboardInterrupt:
        print("Cancelled; Spotify is not linked.", file=out)
        return 130
    print(status.describe(), file=out)
    return 0 if status.state is LinkState.LINKED else 1


def logout_command(service: SpotifyService, out: TextIO) -> int:
    service.unlink()
    print("Spotify is unlinked on this computer. To remove Emotune's access from your account as well, visit "
          "https://www.spotify.com/account/apps/.", file=out)
    return 0


def status_command(service: SpotifyService, out: TextIO) -> int:
    status = service.status(check_online=bool(service.client_id))
    print(f"Spotify: {status.describe()}", file=out)
    print(f"Client ID: {service.client_id or '(none)'}", file=out)
    print(f"Redirect URI to register: {service.redirect_uri()}", file=out)
    if status.state is not LinkState.NOT_LINKED:
        print(f"Login stored in: {status.token_location}", file=out)
    return 0 if status.state is LinkState.LINKED else 1
