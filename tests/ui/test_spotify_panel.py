"""The Spotify settings page, offscreen, linking against the fake Spotify server for real: the login
runs on a worker thread, the page fills its mood and device pickers, and the choices are saved."""
from __future__ import annotations

import faulthandler
import urllib.error
import urllib.request

import pytest
from PySide6.QtCore import Qt

from emotune.settings import Settings
from emotune.spotify.service import SpotifyService
from emotune.spotify.token_store import FileTokenStore
from emotune.ui.spotify_panel import SpotifyPanel
from spotify.fake_spotify import CLIENT_ID

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def hang_guard():
    faulthandler.dump_traceback_later(30, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def _browser(url: str) -> bool:
    """The user's browser: open the login page, which redirects to Emotune's loopback listener."""
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError:
        pass
    return True


@pytest.fixture
def settings(tmp_path, fake) -> Settings:
    settings = Settings(tmp_path / "settings.json")
    settings.set("spotify_api_base", fake.base_url)
    settings.set("spotify_accounts_base", fake.base_url)
    settings.set("spotify_redirect_port", 0)
    return settings


@pytest.fixture
def panel(qtbot, settings, tmp_path):
    service = SpotifyService(settings, token_store=FileTokenStore(tmp_path / "token.json"), open_url=_browser,
                             request_timeout_s=2.0, login_timeout_s=5.0, environ={})
    panel = SpotifyPanel(service, settings)
    qtbot.addWidget(panel)
    yield panel
    qtbot.waitUntil(lambda: panel.runner.pending == 0, timeout=WAIT_MS)
    service.close()


def test_the_page_as_the_app_builds_it_starts_unlinked_without_a_request(qtbot, tmp_path, emotune_home) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # never the developer's keyring
    try:
        settings = Settings(tmp_path / "settings.json")
        service = SpotifyService(settings)
        panel = SpotifyPanel(service, settings)
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.link_state_changed, timeout=WAIT_MS) as shown:
            panel.show()
        assert shown.args == ["not_linked"] and panel.status_label.text() == "Not linked."
        assert service.token_store.location.startswith(f"file {emotune_home}")
        qtbot.waitUntil(lambda: panel.runner.pending == 0, timeout=WAIT_MS)
    finally:
        keyring.set_keyring(previous)


def test_the_exact_redirect_uri_is_shown(qtbot, tmp_path) -> None:
    settings = Settings(tmp_path / "settings.json")
    panel = SpotifyPanel(SpotifyService(settings, token_store=FileTokenStore(tmp_path / "t.json")), settings)
    qtbot.addWidget(panel)
    assert panel.redirect_uri_edit.text() == "http://127.0.0.1:8888/callback"
    assert panel.redirect_uri_edit.isReadOnly()
    panel.port_spin.setValue(8890)
    panel.port_spin.editingFinished.emit()
    assert panel.redirect_uri_edit.text() == "http://127.0.0.1:8890/callback"
    assert settings.get("spotify_redirect_port") == 8890


def test_link_choose_playlists_and_device_then_unlink(qtbot, panel, settings) -> None:
    with qtbot.waitSignal(panel.link_state_changed, timeout=WAIT_MS) as shown:
        panel.show()
    assert shown.args == ["not_linked"] and not panel.mood_combos["happy"].isEnabled()

    qtbot.keyClicks(panel.client_id_edit, CLIENT_ID)
    qtbot.keyClick(panel.client_id_edit, Qt.Key.Key_Return)
    assert settings.get("spotify_client_id") == CLIENT_ID

    with qtbot.waitSignal(panel.link_state_changed, timeout=WAIT_MS,
                          check_params_cb=lambda state: state == "linked"):
        qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert "Linked as Test Listener" in panel.status_label.text()
    happy = panel.mood_combos["happy"]
    qtbot.waitUntil(lambda: happy.count() == 4, timeout=WAIT_MS)  # Automatic + 3 playlists
    assert happy.isEnabled() and happy.currentData() == ""
    assert panel.device_combo.findData("dev-laptop") > 0 and panel.unlink_button.isVisible()

    index = happy.findData("spotify:playlist:plSunny")
    with qtbot.waitSignal(panel.mood_playlists_changed) as changed:
        happy.setCurrentIndex(index)
        happy.activated.emit(index)
    assert changed.args == [{"happy": "spotify:playlist:plSunny"}]
    assert Settings(settings.path).get("spotify_mood_playlists") == {"happy": "spotify:playlist:plSunny"}

    index = panel.device_combo.findData("dev-laptop")
    with qtbot.waitSignal(panel.device_changed) as chosen:
        panel.device_combo.setCurrentIndex(index)
        panel.device_combo.activated.emit(index)
    assert chosen.args == ["dev-laptop"] and settings.get("spotify_device_id") == "dev-laptop"

    with qtbot.waitSignal(panel.link_state_changed) as unlinked:
        qtbot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
    assert unlinked.args == ["not_linked"] and panel.link_button.isVisible()


def test_a_declined_login_shows_why(qtbot, panel, fake) -> None:
    fake.user_denies = True
    panel.show()
    panel.client_id_edit.setText(CLIENT_ID)
    with qtbot.waitSignal(panel.error_occurred, timeout=WAIT_MS) as failed:
        qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert failed.args[0].kind == "login_denied"
    assert panel.message.text() == "Spotify login was not completed"
    assert panel.link_button.text() == "Link Spotify…"


def test_link_waits_for_a_client_id_and_errors_show_beside_it(qtbot, tmp_path) -> None:
    settings = Settings(tmp_path / "settings.json")
    panel = SpotifyPanel(SpotifyService(settings, token_store=FileTokenStore(tmp_path / "t.json")), settings)
    qtbot.addWidget(panel)
    assert not panel.link_button.isEnabled() and "Client ID" in panel.link_button.toolTip()
    panel.client_id_edit.setText("0123456789abcdef")
    assert panel.link_button.isEnabled()
    account_box = panel.link_button.parentWidget()
    assert panel.message.parentWidget() is account_box  # an error appears next to the button
