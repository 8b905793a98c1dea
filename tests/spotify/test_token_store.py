"""Where tokens live: a 0600 file written atomically, or the OS keyring when it is a real one."""
from __future__ import annotations

import os
import stat

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from emotune.errors import SpotifyError
from emotune.spotify.auth import StoreCacheHandler
from emotune.spotify.token_store import (TOKEN_FILE_NAME, FileTokenStore, KeyringTokenStore, default_token_store,
                                         keyring_is_usable)

TOKEN = {"access_token": "AT-x", "refresh_token": "RT-y", "expires_at": 1, "scope": "s", "token_type": "Bearer"}


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, locked: bool = False) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = locked

    def get_password(self, service, username):
        if self.locked:
            raise KeyringLocked("locked")
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        if (service, username) not in self.entries:
            raise PasswordDeleteError("none")
        del self.entries[(service, username)]


def test_file_store_is_private_from_the_start_and_round_trips(tmp_path) -> None:
    store = FileTokenStore(tmp_path / "cfg" / TOKEN_FILE_NAME)
    assert store.load() is None
    store.save(TOKEN)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.load() == TOKEN
    assert [p.name for p in store.path.parent.iterdir()] == [TOKEN_FILE_NAME]  # no temporary file left
    store.clear()
    store.clear()
    assert store.load() is None


def test_file_store_tightens_a_file_left_readable_and_survives_garbage(tmp_path) -> None:
    store = FileTokenStore(tmp_path / TOKEN_FILE_NAME)
    store.save(TOKEN)
    os.chmod(store.path, 0o644)
    assert store.load() == TOKEN
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.path.write_text("{not json")
    assert store.load() is None


def test_placeholder_keyrings_fall_back_to_the_file_in_the_config_dir(emotune_home) -> None:
    for backend in (fail.Keyring(), null.Keyring()):
        assert not keyring_is_usable(backend)
        store = default_token_store(backend=backend)
        assert isinstance(store, FileTokenStore)
        assert store.path == emotune_home / "config" / TOKEN_FILE_NAME


def test_a_real_keyring_holds_the_record(tmp_path) -> None:
    backend = MemoryKeyring()
    store = default_token_store(tmp_path, backend=backend)
    assert isinstance(store, KeyringTokenStore) and "keyring" in store.location
    store.clear()  # nothing there yet: no error
    store.save(TOKEN)
    assert store.load() == TOKEN
    store.clear()
    assert store.load() is None and not list(tmp_path.iterdir())


def test_a_locked_keyring_becomes_a_spotify_error() -> None:
    with pytest.raises(SpotifyError) as caught:
        KeyringTokenStore(MemoryKeyring(locked=True)).load()
    assert caught.value.kind == "token_storage"


def test_cache_handler_reads_the_needs_relink_marker_as_no_token(tmp_path) -> None:
    store = FileTokenStore(tmp_path / TOKEN_FILE_NAME)
    handler = StoreCacheHandler(store)
    handler.save_token_to_cache(TOKEN)
    assert handler.get_cached_token() == TOKEN
    store.save({"needs_relink": True})
    assert handler.get_cached_token() is None
