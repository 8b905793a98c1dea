"""Where the Spotify tokens live: the OS keyring when it works, else a private JSON file.

A stored record is spotipy's ``token_info`` dict (access and refresh token, expiry, scope), or the
marker ``{"needs_relink": true}`` left when Spotify refused the refresh token (they expire after six
months), so that after a restart Emotune still says "link again" rather than just "not linked".

The keyring is preferred because a file, even mode 0600, is readable by every program the user runs.
Where keyring has no real backend (its ``fail``/``null`` backends, a headless box without Secret
Service) the file in the config dir is used, created with mode 0600 from the start and replaced
atomically so a crash never leaves half a token.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import stat
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from emotune.errors import SpotifyError
from emotune.spotify.errors import SpotifyErrorKind
from emotune.paths import config_dir

log = logging.getLogger(__name__)

TOKEN_FILE_NAME = "spotify_token.json"
KEYRING_SERVICE = "Emotune Spotify"
KEYRING_USERNAME = "oauth-tokens"
NEEDS_RELINK_RECORD: dict[str, Any] = {"needs_relink": True}


class TokenStore(ABC):
    """Holds one record; ``location`` says where, for ``emotune spotify status``."""

    location: str = ""

    @abstractmethod
    def load(self) -> dict[str, Any] | None:
        """The stored record, or None when there is none (or it is unreadable)."""

    @abstractmethod
    def save(self, record: dict[str, Any]) -> None:
        """Replace the stored record."""

    @abstractmethod
    def clear(self) -> None:
        """Forget the record; no error when there is none."""


class FileTokenStore(TokenStore):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = f"file {path}"
        self._lock = threading.Lock()

    def load(self) -> dict[str, Any] | None:
        with self._lock:
            try:
                if stat.S_IMODE(self.path.stat().st_mode) & 0o077:
                    os.chmod(self.path, 0o600)  # a copy or an old version left it readable by others
                record = json.loads(self.path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                return None
            except (OSError, ValueError) as error:
                log.warning("Spotify token file %s is unreadable (%s); Spotify needs linking again", self.path,
                            type(error).__name__)
                return None
        return record if isinstance(record, dict) else None

    def save(self, record: dict[str, Any]) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(record, handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except OSError as error:
                tmp.unlink(missing_ok=True)
                raise SpotifyError("Could not save the Spotify login",
                                   f"Writing {self.path} failed ({error.strerror or error}). Check that the "
                                   "folder is writable, then link Spotify again.",
                                   kind=SpotifyErrorKind.TOKEN_STORAGE) from error

    def clear(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)


class KeyringTokenStore(TokenStore):
    """The record as one JSON string in the OS keyring (Keychain, Credential Manager, Secret Service)."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend
        self.location = f"system keyring ({type(backend).__name__})"

    def load(self) -> dict[str, Any] | None:
        text = self._guarded("read", self._backend.get_password, KEYRING_SERVICE, KEYRING_USERNAME)
        if not text:
            return None
        try:
            record = json.loads(text)
        except ValueError:
            log.warning("the Spotify entry in the keyring is unreadable; Spotify needs linking again")
            return None
        return record if isinstance(record, dict) else None

    def save(self, record: dict[str, Any]) -> None:
        self._guarded("write", self._backend.set_password, KEYRING_SERVICE, KEYRING_USERNAME, json.dumps(record))

    def clear(self) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            self._guarded("delete", self._backend.delete_password, KEYRING_SERVICE, KEYRING_USERNAME)
        except SpotifyError as error:
            if not isinstance(error.__cause__, PasswordDeleteError):  # "nothing to delete" is fine
                raise

    def _guarded(self, action: str, call: Any, *args: Any) -> Any:
        from keyring.errors import KeyringError

        try:
            return call(*args)
        except KeyringError as error:
            raise SpotifyError(f"Could not {action} the Spotify login in the keyring",
                               f"The system keyring refused ({type(error).__name__}: {error}). Unlock it and "
                               "try again.", kind=SpotifyErrorKind.TOKEN_STORAGE) from error


def keyring_is_usable(backend: Any) -> bool:
    """False for keyring's placeholder backends (``fail``/``null``), which store nothing."""
    from keyring.backends import fail, null

    return not isinstance(backend, (fail.Keyring, null.Keyring)) and getattr(backend, "priority", 1) > 0


def default_token_store(directory: Path | None = None, backend: Any = None) -> TokenStore:
    """The keyring store when ``backend`` (default: keyring's choice) is real, else the file store."""
    if backend is None:
        try:
            import keyring

            backend = keyring.get_keyring()
        except Exception as error:  # keyring's backend discovery can fail in many platform-specific ways
            log.info("no usable keyring (%s); Spotify tokens go to a private file", error)
            backend = None
    if backend is not None and keyring_is_usable(backend):
        return KeyringTokenStore(backend)
    return FileTokenStore((directory or config_dir()) / TOKEN_FILE_NAME)
