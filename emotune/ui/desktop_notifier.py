"""Track-change notifications through ``org.freedesktop.Notifications``, each replacing the last.

Notify wants a uint32 id to replace, and PySide6 sends a Python int as int32, which servers refuse.
A QDBusInterface call made through its meta-object carries the types the server introspected, but
that call and the introspection are synchronous. They run on a thread of their own, so a slow or
hung notification server can delay a notification and never the window. Closing drops the ones still
queued, so it waits for the call in flight at most (its D-Bus timeout): the thread must have ended before
its QThread is destroyed, or Qt aborts the process.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, QThread, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface

from emotune.library.track import Track
from emotune.player.mpris_metadata import notification_text
from emotune.settings import Settings

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
TIMEOUT_MS = 1500


class _NotifyCalls(QObject):
    """The D-Bus side, living on the notifier's thread."""

    def __init__(self, connection: QDBusConnection, timeout_ms: int) -> None:
        super().__init__()
        self.connection = connection
        self.timeout_ms = timeout_ms
        self._interface: QDBusInterface | None = None
        self._last_id = 0
        self._said_missing = False
        self.closing = threading.Event()  # set from the GUI thread: what is still queued is dropped

    def _server(self) -> QDBusInterface | None:
        """The notification server, looked up again while there is none (it may start later)."""
        if self._interface is None:
            interface = QDBusInterface(SERVICE, PATH, SERVICE, self.connection)
            if not interface.isValid():
                if not self._said_missing:
                    log.info("no notification service on the session bus (%s): track notifications are off",
                             interface.lastError().message() or "not found")
                    self._said_missing = True
                return None
            interface.setTimeout(self.timeout_ms)
            self._interface = interface
        return self._interface

    @Slot(str, str, str)
    def notify(self, summary: str, body: str, image_url: str) -> None:
        if self.closing.is_set():
            return
        server = self._server()
        if server is None:
            return
        hints = {"desktop-entry": "emotune", "transient": True}  # transient: not kept in the message tray
        if image_url:
            hints["image-path"] = image_url
        notification_id = QMetaObject.invokeMethod(
            server, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
            Q_ARG(str, "Emotune"), Q_ARG("uint", self._last_id), Q_ARG(str, "emotune"), Q_ARG(str, summary),
            Q_ARG(str, body), Q_ARG("QStringList", []), Q_ARG("QVariantMap", hints), Q_ARG(int, -1))
        if isinstance(notification_id, int) and notification_id > 0:
            self._last_id = notification_id
        else:
            log.debug("notification not shown: %s", server.lastError().message())
            self._interface = None  # the server went away; look it up again next time


class DesktopNotifier(QObject):
    """Shows the track that started, while the ``track_notifications`` setting is on."""

    _requested = Signal(str, str, str)  # summary, body, image URL: queued to the notifier's thread

    def __init__(self, connection: QDBusConnection, settings: Settings, timeout_ms: int = TIMEOUT_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._thread = QThread()
        self._thread.setObjectName("Notifications")
        self._calls = _NotifyCalls(connection, timeout_ms)
        self._calls.moveToThread(self._thread)
        self._requested.connect(self._calls.notify)
        self._thread.start()

    def show_track(self, track: Track, image_url: str = "") -> None:
        if self.settings.get("track_notifications"):
            self._requested.emit(*notification_text(track), image_url)

    @property
    def finished(self) -> bool:
        return self._thread.isFinished()

    def close(self) -> None:
        """Drop the notifications still queued, let the call in flight end (at most its timeout), then
        end the thread."""
        self._calls.closing.set()
        self._thread.quit()
        self._thread.wait()
