"""Emotune on the desktop's session bus: MPRIS for the media keys and media controls, and a
notification when the track changes.

``DesktopIntegration.start`` builds both, or, without a session bus (no address, or none answers:
Windows, macOS, a bare console), logs one line and returns None, and the app runs as it would anyway.
"""
from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QWidget

from emotune.library.track import Track
from emotune.player.base_player import PlayerState
from emotune.player.mpris_metadata import ArtFiles
from emotune.settings import Settings
from emotune.ui.desktop_notifier import DesktopNotifier
from emotune.ui.mpris_service import MprisService
from emotune.ui.playback_controller import PlaybackController
from emotune.ui.source_router import SourceRouter
from emotune.ui.transport_controls import VolumeControl

log = logging.getLogger(__name__)

OFF = "no media keys, desktop media controls or track notifications"


class DesktopIntegration(QObject):
    """Keeps MPRIS's cover art and the notification in step with the track that plays."""

    def __init__(self, *, connection_name: str, mpris: MprisService, notifier: DesktopNotifier,
                 router: SourceRouter, playback: PlaybackController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connection_name = connection_name
        self.mpris, self.notifier, self.playback = mpris, notifier, playback
        self.art = ArtFiles()
        self._to_announce: Track | None = None
        self._announced_path: str | None = None
        router.track_started.connect(self._track_started)
        playback.cover_loaded.connect(self._cover_loaded)

    @classmethod
    def start(cls, bus_address: str | None, *, router: SourceRouter, playback: PlaybackController,
              volume: VolumeControl, window: QWidget, settings: Settings) -> DesktopIntegration | None:
        """Connect to the session bus at ``bus_address`` (``$DBUS_SESSION_BUS_ADDRESS``) and register."""
        if not bus_address:
            log.info("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): %s", OFF)
            return None
        name = f"emotune-{uuid.uuid4().hex}"  # a connection of its own, closed with it
        connection = QDBusConnection.connectToBus(bus_address, name)
        if not connection.isConnected():
            log.info("no D-Bus session bus at %s (%s): %s", bus_address, connection.lastError().message(), OFF)
            QDBusConnection.disconnectFromBus(name)
            return None
        mpris = MprisService(connection=connection, router=router, playback=playback, volume=volume, window=window)
        if not mpris.register():
            log.info("the session bus refused Emotune's MPRIS name (%s): %s", connection.lastError().message(), OFF)
            QDBusConnection.disconnectFromBus(name)
            return None
        integration = cls(connection_name=name, mpris=mpris, notifier=DesktopNotifier(connection, settings),
                          router=router, playback=playback, parent=window)
        mpris.setParent(integration)
        return integration

    def close(self) -> None:
        self.notifier.close()
        self.mpris.unregister()
        QDBusConnection.disconnectFromBus(self.connection_name)
        self.art.close()

    # -- reactions -------------------------------------------------------------------------
    def _track_started(self, track: Track | None) -> None:
        """A new local track is announced once its cover has been read (or found missing)."""
        if track is not None and track.path != self._announced_path:
            self._to_announce = track

    def _cover_loaded(self, track_id: int | None, data: bytes | None) -> None:
        current = self.playback.current
        if current is None or current.id != track_id:
            return  # the cover of a track that is no longer playing
        url = self.art.store(data)
        self.mpris.set_art_url(url)
        if self.playback.player.state is not PlayerState.PLAYING:
            return  # a resumed track waiting for Play is announced when it starts
        track, self._to_announce = self._to_announce, None
        if track is not None and track.id == track_id:
            self._announced_path = track.path
            self.notifier.show_track(track, url)
