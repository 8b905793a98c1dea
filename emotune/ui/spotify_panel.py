"""Settings → Spotify: link or unlink the account, the user's own app (client ID and the exact redirect
URI to register), a playlist for each mood, and the device to play on.

A thin shell over :class:`SpotifyService`: every call that may touch the network runs on a worker thread
and its result comes back on the GUI thread; the login URL is shown while the browser step waits, for
when no browser opened.

Signals (for the window, which embeds this page in the Settings dialog and behind the Local/Spotify
switch):

* ``link_state_changed(str)`` — a :class:`LinkState` value ("linked", "not_linked", "needs_relink")
  after every status check, link and unlink;
* ``mood_playlists_changed(dict)`` — mood → playlist URI after the user picked one (already saved);
* ``device_changed(str)`` — the chosen device ID, "" for whichever device is active (already saved);
* ``error_occurred(object)`` — a :class:`SpotifyError` the window may show in its status bar.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)
from shiboken6 import Shiboken

from emotune.errors import SpotifyError
from emotune.mood_space import TRACK_MOODS
from emotune.spotify.spotify_app import open_in_spotify_app
from emotune.settings import Settings
from emotune.spotify.mood_sources import DEFAULT_QUERIES
from emotune.spotify.errors import RELINK_KINDS
from emotune.spotify.link_status import AccountStatus, LinkState
from emotune.spotify.service import SpotifyService
from emotune.ui.task_runner import TaskRunner

SETUP_HINT = ("Emotune uses your own Spotify app: at developer.spotify.com/dashboard create an app with the Web API, "
              "add the redirect URI below exactly as shown, add your account under User Management, then paste the "
              "app's client ID here and press Link.")


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Faint")
    label.setWordWrap(True)
    return label


class SpotifyPanel(QWidget):
    link_state_changed = Signal(str)
    mood_playlists_changed = Signal(dict)
    device_changed = Signal(str)
    error_occurred = Signal(object)

    def __init__(self, service: SpotifyService, settings: Settings, parent: QWidget | None = None,
                 runner: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.runner = runner or TaskRunner()  # parentless: it outlives the page while a task still runs
        self._linking = False
        layout = QVBoxLayout(self)
        layout.addWidget(self._account_box())
        layout.addWidget(self._app_box())
        layout.addWidget(self._moods_box())
        layout.addWidget(self._device_box())
        layout.addStretch(1)
        self._show_status(AccountStatus(LinkState.NOT_LINKED))

    # -- building ------------------------------------------------------------------------------------
    def _account_box(self) -> QGroupBox:
        box = QGroupBox("Account")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.link_button = QPushButton("Link Spotify…")
        self.link_button.setObjectName("Primary")
        self.link_button.clicked.connect(self._link_clicked)
        self.unlink_button = QPushButton("Unlink")
        self.unlink_button.clicked.connect(self._unlink_clicked)
        self.login_url = QLabel()
        self.login_url.setWordWrap(True)
        self.login_url.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.login_url.setOpenExternalLinks(True)
        self.login_url.hide()
        self.message = QLabel()  # errors show here, beside the button that caused them
        self.message.setWordWrap(True)
        self.message.setObjectName("Dim")
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.unlink_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.login_url)
        return box

    def _app_box(self) -> QGroupBox:
        box = QGroupBox("Your Spotify app")
        self.client_id_edit = QLineEdit(self.settings.get("spotify_client_id"))
        self.client_id_edit.setPlaceholderText("Client ID from developer.spotify.com")
        self.client_id_edit.editingFinished.connect(self._client_id_edited)
        self.client_id_edit.textChanged.connect(lambda _text: self._update_link_enabled())
        self.redirect_uri_edit = QLineEdit(self.service.redirect_uri())
        self.redirect_uri_edit.setReadOnly(True)
        copy = QPushButton("Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.redirect_uri_edit.text()))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1024, 65535)
        self.port_spin.setValue(max(1024, self.settings.get("spotify_redirect_port")))
        self.port_spin.setToolTip("Change only if another program uses this port; then register the new URI.")
        self.port_spin.editingFinished.connect(self._port_edited)
        redirect = QHBoxLayout()
        redirect.addWidget(self.redirect_uri_edit, 1)
        redirect.addWidget(copy)
        redirect.addWidget(QLabel("Port"))
        redirect.addWidget(self.port_spin)
        form = QFormLayout(box)
        form.addRow(_hint(SETUP_HINT))
        form.addRow("Client ID", self.client_id_edit)
        form.addRow("Redirect URI", redirect)
        return box

    def _moods_box(self) -> QGroupBox:
        box = QGroupBox("Music for each mood")
        form = QFormLayout(box)
        self.mood_combos: dict[str, QComboBox] = {}
        for mood in TRACK_MOODS:
            combo = QComboBox()
            combo.setMinimumContentsLength(24)
            combo.activated.connect(lambda _index, mood=mood: self._mood_chosen(mood))
            self.mood_combos[mood] = combo
            form.addRow(mood.title(), combo)
        form.addRow(_hint("Spotify no longer tells apps how a track sounds, so choose a playlist of yours for each "
                          "mood. Automatic plays the first playlist a Spotify search finds."))
        self._fill_moods([])
        return box

    def _device_box(self) -> QGroupBox:
        box = QGroupBox("Play on")
        self.device_combo = QComboBox()
        self.device_combo.activated.connect(self._device_chosen)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self._load_library)
        self.open_spotify_button = QPushButton("Open Spotify")
        self.open_spotify_button.clicked.connect(
            lambda: open_in_spotify_app("spotify:", lambda uri: QDesktopServices.openUrl(QUrl(uri))))
        row = QHBoxLayout()
        row.addWidget(self.device_combo, 1)
        row.addWidget(refresh)
        row.addWidget(self.open_spotify_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(_hint("Playback control needs Spotify Premium and an open Spotify app on this computer or "
                               "your phone. Without them Emotune plays your local library."))
        self._fill_devices([])
        return box

    # -- background work -----------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], on_result: Callable[[Any], None]) -> None:
        def done(result: Any, error: BaseException | None) -> None:
            if not Shiboken.isValid(self):
                return  # the page was closed while the work ran
            if error is None:
                on_result(result)
            elif isinstance(error, SpotifyError):
                self._show_error(error)
            else:
                raise error

        self.runner.run_task(work, done)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Each time the page is opened (not when the window is restored): the link may have changed elsewhere."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        """Check the link (online) and, when linked, reload playlists and devices."""
        self._run(self.service.status, self._status_checked)

    def _status_checked(self, status: AccountStatus) -> None:
        self._show_status(status)
        if status.state is LinkState.LINKED:
            self._load_library()

    def _load_library(self) -> None:
        self._run(lambda: (self.service.playlists(), self.service.devices()), self._library_loaded)

    def _library_loaded(self, result: tuple[list, list]) -> None:
        playlists, devices = result
        self._fill_moods(playlists)
        self._fill_devices(devices)

    # -- actions -------------------------------------------------------------------------------------
    def _link_clicked(self) -> None:
        if self._linking:
            self.service.cancel_link()
            return
        self._client_id_edited()
        self._linking = True
        self.link_button.setText("Cancel linking")
        self.message.clear()
        post = self.runner.post
        self._run(lambda: self.service.link(notify_url=lambda url, opened: post(self._show_login_url, url, opened)),
                  self._linked)

    def _show_login_url(self, url: str, opened: bool) -> None:
        if not Shiboken.isValid(self) or not self._linking:
            return
        lead = "Log in to Spotify in your browser." if opened else "Open this address in your browser to log in:"
        self.login_url.setText(f"{lead} <a href=\"{html.escape(url)}\">Open the Spotify login page</a>")
        self.login_url.show()

    def _linked(self, status: AccountStatus) -> None:
        self._end_linking()
        self._status_checked(status)

    def _unlink_clicked(self) -> None:
        self.service.unlink()
        self._fill_moods([])
        self._fill_devices([])
        self._show_status(self.service.status(check_online=False))

    def _client_id_edited(self) -> None:
        self.service.set_client_id(self.client_id_edit.text())
        self._show_status(self.service.status(check_online=False))

    def _port_edited(self) -> None:
        self.service.set_redirect_port(self.port_spin.value())
        self.redirect_uri_edit.setText(self.service.redirect_uri())

    def _mood_chosen(self, mood: str) -> None:
        self.service.set_mood_playlist(mood, self.mood_combos[mood].currentData() or "")
        self.mood_playlists_changed.emit(self.service.mood_playlists())

    def _device_chosen(self, index: int) -> None:
        self.service.set_device_id(self.device_combo.itemData(index) or "")
        self.device_changed.emit(self.service.device_id)

    # -- showing -------------------------------------------------------------------------------------
    def _end_linking(self) -> None:
        self._linking = False
        self.link_button.setText("Link Spotify…")
        self.login_url.hide()

    def _show_status(self, status: AccountStatus) -> None:
        linked = status.state is LinkState.LINKED
        relink = status.state in (LinkState.NEEDS_RELINK, LinkState.MISSING_PERMISSIONS)
        self.status_label.setText(status.describe())
        self.link_button.setText("Link again…" if relink else "Link Spotify…")
        self.link_button.setVisible(not linked)
        self._update_link_enabled()
        self.unlink_button.setVisible(linked or status.state is LinkState.MISSING_PERMISSIONS)
        for combo in (*self.mood_combos.values(), self.device_combo):
            combo.setEnabled(linked)
        self.link_state_changed.emit(status.state.value)

    def _update_link_enabled(self) -> None:
        """Linking needs the user's own app: the button waits for a Client ID (cancelling never waits)."""
        has_id = bool(self.client_id_edit.text().strip())
        self.link_button.setEnabled(self._linking or has_id)
        self.link_button.setToolTip("" if has_id else "Enter the Client ID of your Spotify app below first.")

    def _show_error(self, error: SpotifyError) -> None:
        if self._linking:
            self._end_linking()
        self.message.setText(error.short)
        self.message.setToolTip(error.detail)
        self.error_occurred.emit(error)
        if error.kind in RELINK_KINDS:
            self._show_status(self.service.status(check_online=False))

    def _fill_moods(self, playlists: list) -> None:
        chosen = self.service.mood_playlists()
        for mood, combo in self.mood_combos.items():
            combo.clear()
            combo.addItem(f"Automatic (Spotify search: “{DEFAULT_QUERIES[mood]}”)", "")
            for playlist in playlists:
                combo.addItem(f"{playlist.name} ({playlist.track_count} tracks)", playlist.uri)
            uri = chosen.get(mood, "")
            if uri and combo.findData(uri) < 0:
                combo.addItem("Chosen playlist (not in your library now)", uri)
            combo.setCurrentIndex(max(0, combo.findData(uri)))

    def _fill_devices(self, devices: list) -> None:
        self.device_combo.clear()
        self.device_combo.addItem("Whichever Spotify app is active", "")
        for device in devices:
            self.device_combo.addItem(f"{device.name} ({device.type})" + (" – active" if device.is_active else ""),
                                      device.id)
        chosen = self.service.device_id
        if chosen and self.device_combo.findData(chosen) < 0:
            self.device_combo.addItem("Chosen device (not available now)", chosen)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(chosen)))
        self.open_spotify_button.setVisible(not devices)
