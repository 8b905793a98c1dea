"""The Qt binding itself: PySide6 6.12.0's SignalInstance.emit() returned a borrowed reference to True,
so every emit dropped one reference and a busy app (the camera emits 15-30 times a second) died within
minutes with "Fatal Python error: bool_dealloc". pyproject excludes that version; this keeps it so."""
import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    happened = Signal(int)
    happened_with = Signal(object)


def test_emit_does_not_leak_or_drop_references(qtbot):
    sender = _Sender()
    received = []
    sender.happened.connect(received.append)
    sender.happened_with.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for i in range(300):
        sender.happened.emit(i)
        sender.happened_with.emit(None)
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None) - received.count(None)
    assert len(received) == 600
    assert after[0] >= before[0] and after[1] >= before[1], "emit() drops references to True/False"
    assert after[2] >= before[2] - 5, "emit() drops references to None"
