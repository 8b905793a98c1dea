"""MPRIS2 on D-Bus: the desktop's media controls, media keys and lock screen see and steer Emotune.

One object at ``/org/mpris/MediaPlayer2`` carries two adaptors, the root interface (Identity, Raise,
Quit) and the Player (status, metadata, position, volume; Play, Pause, Next, Seek…). Qt answers
Get, GetAll and Set from the adaptors' typed properties; PropertiesChanged is sent here, gathered per
turn of the event loop, and never for Position, which clients extrapolate (Seeked says when it jumps).

What it reports is the local player; the commands go through the SourceRouter, so the media keys
steer Spotify too while it is the source.
"""
from __future__ import annotations

import logging
import os

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusArgument, QDBusConnection, QDBusMessage, QDBusObjectPath
from PySide6.QtWidgets import QWidget

from emotune.library.track import Track
from emotune.player.mpris_metadata import (BUS_NAME, MIME_TYPES, OBJECT_PATH, PLAYER_INTERFACE, ROOT_INTERFACE,
                                           TRACK_ID_KEY, microseconds, playback_status, seek_target,
                                           track_id, track_metadata, volume_fraction, volume_percent)
from emotune.ui.playback_controller import PlaybackController
from emotune.ui.source_router import SourceRouter
from emotune.ui.transport_controls import VolumeControl

log = logging.getLogger(__name__)

PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"


@ClassInfo({"D-Bus Interface": ROOT_INTERFACE})
class _RootAdaptor(QDBusAbstractAdaptor):
    def __init__(self, service: MprisService) -> None:
        super().__init__(service)
        self._service = service

    CanQuit = Property(bool, lambda self: True, constant=True)
    CanRaise = Property(bool, lambda self: True, constant=True)
    HasTrackList = Property(bool, lambda self: False, constant=True)
    Identity = Property(str, lambda self: "Emotune", constant=True)
    DesktopEntry = Property(str, lambda self: "emotune", constant=True)
    SupportedUriSchemes = Property("QStringList", lambda self: ["file"], constant=True)
    SupportedMimeTypes = Property("QStringList", lambda self: list(MIME_TYPES), constant=True)

    @Slot()
    def Raise(self) -> None:
        self._service.raise_window()

    @Slot()
    def Quit(self) -> None:
        self._service.window.close()


@ClassInfo({"D-Bus Interface": PLAYER_INTERFACE})
class _PlayerAdaptor(QDBusAbstractAdaptor):
    Seeked = Signal("qlonglong")  # microseconds; Qt sends it on the bus as the adaptor's signal

    def __init__(self, service: MprisService) -> None:
        super().__init__(service)
        self._service = service

    def _volume(self) -> float:
        return volume_fraction(self._service.volume.volume())

    def _set_volume(self, fraction: float) -> None:
        self._service.volume.set_volume(volume_percent(fraction))

    PlaybackStatus = Property(str, lambda self: self._service.status())
    Metadata = Property("QVariantMap", lambda self: self._service.metadata())
    Position = Property("qlonglong", lambda self: microseconds(self._service.router.position()))
    Volume = Property(float, _volume, _set_volume)
    Rate = Property(float, lambda self: 1.0, constant=True)
    MinimumRate = Property(float, lambda self: 1.0, constant=True)
    MaximumRate = Property(float, lambda self: 1.0, constant=True)
    CanGoNext = Property(bool, lambda self: True, constant=True)
    CanGoPrevious = Property(bool, lambda self: self._service.router.local)
    CanPlay = Property(bool, lambda self: True, constant=True)
    CanPause = Property(bool, lambda self: True, constant=True)
    CanSeek = Property(bool, lambda self: self._service.can_seek())
    CanControl = Property(bool, lambda self: True, constant=True)

    @Slot()
    def Play(self) -> None:
        self._service.router.play()

    @Slot()
    def Pause(self) -> None:
        self._service.router.pause()

    @Slot()
    def PlayPause(self) -> None:
        self._service.router.play_pause()

    @Slot()
    def Stop(self) -> None:
        self._service.router.stop()

    @Slot()
    def Next(self) -> None:
        self._service.router.next_track()

    @Slot()
    def Previous(self) -> None:
        self._service.router.previous_track()

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:
        self._service.seek_by(offset_us)

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track: QDBusObjectPath, position_us: int) -> None:
        self._service.set_position(track.path(), position_us)


def _no_names() -> QDBusArgument:
    """An empty ``as``: a plain empty list would go out as ``av``, which clients reject."""
    names = QDBusArgument()
    names.beginArray(QMetaType(QMetaType.Type.QString))
    names.endArray()
    return names


class MprisService(QObject):
    """The object registered at ``OBJECT_PATH``; ``register()`` claims the bus name."""

    def __init__(self, *, connection: QDBusConnection, router: SourceRouter, playback: PlaybackController,
                 volume: VolumeControl, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connection = connection
        self.router, self.playback, self.volume, self.window = router, playback, volume, window
        self.service_name = ""
        self._art_url = ""
        self._shown_path: str | None = None
        self._root = _RootAdaptor(self)
        self._player = _PlayerAdaptor(self)
        self._pending: set[str] = set()
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._send_changes)
        # The desktop sees the source that plays: the local library or Spotify.
        router.state_changed.connect(lambda _state: self._changed("PlaybackStatus"))
        router.now_playing_changed.connect(self._track_started)
        playback.seeked.connect(lambda seconds: self._player.Seeked.emit(microseconds(seconds)))
        volume.volume_changed.connect(lambda _volume: self._changed("Volume"))
        router.source_changed.connect(lambda _source: self._changed("CanGoPrevious", "CanSeek"))

    def register(self) -> bool:
        """Export the object and own ``BUS_NAME`` (a second Emotune takes ``….instance<pid>``, as MPRIS asks)."""
        if not self.connection.registerObject(OBJECT_PATH, self, QDBusConnection.RegisterOption.ExportAdaptors):
            return False
        for name in (BUS_NAME, f"{BUS_NAME}.instance{os.getpid()}"):
            if self.connection.registerService(name):
                self.service_name = name
                return True
        self.connection.unregisterObject(OBJECT_PATH)
        return False

    def unregister(self) -> None:
        self._flush.stop()
        if self.service_name:
            self.connection.unregisterService(self.service_name)
            self.service_name = ""
        self.connection.unregisterObject(OBJECT_PATH)

    # -- what the adaptors read --------------------------------------------------------
    def status(self) -> str:
        return playback_status(self.router.state).value

    def metadata(self) -> dict[str, object]:
        # PySide6 sends a Python int that fits 32 bits as int32, so mpris:length (int64 in the
        # specification) goes out as int32 below 35 minutes; Qt offers no typed int64 from Python here.
        measured = self.playback.player.duration() if self.router.local else 0.0
        metadata = track_metadata(self.router.now_playing, measured, self._art_url)
        metadata[TRACK_ID_KEY] = QDBusObjectPath(metadata[TRACK_ID_KEY])
        return metadata

    def can_seek(self) -> bool:
        return self.router.local and self.playback.current is not None

    def set_art_url(self, url: str) -> None:
        self._art_url = url
        self._changed("Metadata")

    # -- commands that need more than a forward --------------------------------------------
    def raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def seek_by(self, offset_us: int) -> None:
        if not self.can_seek():
            return
        player = self.playback.player
        target = seek_target(player.position(), offset_us, player.duration())
        if target is None:
            self.router.next_track()
        else:
            self.router.seek(target)

    def set_position(self, track_path: str, position_us: int) -> None:
        """Ignored unless ``track_path`` names the current track and the position lies within it."""
        current = self.playback.current
        if not self.can_seek() or current is None or track_path != track_id(current):
            return
        duration = self.playback.player.duration() or current.duration
        if 0 <= position_us <= microseconds(duration):
            self.router.seek(position_us / 1_000_000)

    # -- PropertiesChanged ------------------------------------------------------------------
    def _track_started(self, track: Track | None) -> None:
        path = track.path if track is not None else None
        if path != self._shown_path:  # a new track; the same one again is an edit of its tags or mood
            self._shown_path = path
            self._art_url = ""
        self._changed("Metadata", "CanSeek")

    def _changed(self, *names: str) -> None:
        self._pending.update(names)
        self._flush.start()

    def _send_changes(self) -> None:
        values = {name: getattr(self._player, name) for name in sorted(self._pending)}
        self._pending.clear()
        message = QDBusMessage.createSignal(OBJECT_PATH, PROPERTIES_INTERFACE, "PropertiesChanged")
        message.setArguments([PLAYER_INTERFACE, values, _no_names()])
        if not self.connection.send(message):
            log.debug("PropertiesChanged not sent: %s", self.connection.lastError().message())
