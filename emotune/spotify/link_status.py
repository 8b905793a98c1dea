"""Whether a Spotify account is linked, and the errors that say why it cannot be used: plain types with
no spotipy or requests behind them, so that the window, the source switch and ``status()`` for an
unlinked user can be built without loading the HTTP stack (about 37 MB)."""
from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.spotify.models import Account

_RELINK_DETAIL = ("Spotify no longer accepts Emotune's saved login (logins expire after six months, or access "
                  "was removed in your Spotify account). Open Settings → Spotify and press Link to sign in again.")


class LinkState(enum.Enum):
    NOT_LINKED = "not_linked"
    LINKED = "linked"
    NEEDS_RELINK = "needs_relink"
    MISSING_PERMISSIONS = "missing_permissions"  # linked, but Spotify granted fewer scopes than Emotune needs


@dataclass(frozen=True)
class AccountStatus:
    state: LinkState
    account: Account | None = None
    message: str = ""  # why not linked, or why the account could not be read just now
    token_location: str = ""
    missing_scopes: tuple[str, ...] = ()  # for MISSING_PERMISSIONS: the scopes Spotify did not grant

    def describe(self) -> str:
        """One line for a status bar or ``emotune spotify status``."""
        if self.state is LinkState.LINKED:
            who = f"Linked as {self.account.display_name}" if self.account else "Linked"
            if self.account and self.account.product and not self.account.is_premium:
                who += f" (Spotify {self.account.product.title()}: playback control needs Premium)"
            return f"{who}. {self.message}".strip() if self.message else who
        if self.state is LinkState.NEEDS_RELINK:
            return "Needs linking again: Spotify no longer accepts the saved login. Press Link to sign in again."
        if self.state is LinkState.MISSING_PERMISSIONS:
            return (f"Missing permissions: Spotify did not grant {', '.join(self.missing_scopes)}. Press Link again "
                    "and allow everything Spotify's page asks for.")
        return "Not linked."


def not_linked_error() -> SpotifyError:
    return SpotifyError("Spotify is not linked",
                        "Open Settings → Spotify, enter your Spotify app's client ID and press Link.",
                        kind=SpotifyErrorKind.NOT_LINKED)


def needs_relink_error() -> SpotifyError:
    return SpotifyError("Spotify needs to be linked again", _RELINK_DETAIL, kind=SpotifyErrorKind.NEEDS_RELINK)


def missing_permissions_error(missing: Iterable[str]) -> SpotifyError:
    names = ", ".join(sorted(missing))
    return SpotifyError("Spotify granted Emotune too few permissions",
                        f"Spotify did not grant {names}, which Emotune needs to read your playlists and control "
                        "playback. Open Settings → Spotify, press Link again and allow everything Spotify's page "
                        "asks for.", kind=SpotifyErrorKind.MISSING_PERMISSIONS)
