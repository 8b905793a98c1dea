"""A small real org.freedesktop.Notifications service for the tests: each Notify call is appended to a
JSON-lines file and answered with a fresh id (or the one it replaces), as a desktop's server does.

Run in its own process, so the app's synchronous Notify call has someone to answer it:
``python fake_notification_server.py BUS_ADDRESS OUTPUT_FILE``.
"""
from __future__ import annotations

import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusArgument, QDBusConnection


def _plain(value):
    """Hints arrive as Qt values; the file keeps only what JSON can hold."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, QDBusArgument):
        return value.currentSignature()
    return str(value)


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Notifications(QDBusAbstractAdaptor):
    def __init__(self, parent: QObject, output: str) -> None:
        super().__init__(parent)
        self.output = output
        self.next_id = 1

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout):
        notification_id = replaces_id or self.next_id
        self.next_id += 1
        record = {"app_name": app_name, "replaces_id": replaces_id, "app_icon": app_icon, "summary": summary,
                  "body": body, "actions": list(actions), "hints": {k: _plain(v) for k, v in hints.items()},
                  "expire_timeout": expire_timeout, "id": notification_id}
        with open(self.output, "a", encoding="utf-8") as handle:  # written before the reply goes out
            handle.write(json.dumps(record) + "\n")
        return notification_id

    @Slot(result="QStringList")
    def GetCapabilities(self):
        return ["body"]


def main() -> int:
    address, output = sys.argv[1], sys.argv[2]
    app = QCoreApplication([])
    connection = QDBusConnection.connectToBus(address, "fake-notifications")
    root = QObject()
    Notifications(root, output)
    if not (connection.registerObject("/org/freedesktop/Notifications", root,
                                      QDBusConnection.RegisterOption.ExportAdaptors)
            and connection.registerService("org.freedesktop.Notifications")):
        print(connection.lastError().message(), file=sys.stderr)
        return 1
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
