"""Text that changes every second repaints itself only: no layout pass for the window around it."""
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from emotune.ui.live_text import LiveText


class LayoutRequests(QObject):
    count = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_new_text_asks_no_layout_for_room_and_a_long_one_is_cut_with_its_tooltip(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    live = LiveText("7 fps · 12 ms")
    QVBoxLayout(window).addWidget(live)
    window.resize(160, 40)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the first layout of the shown window
    requests = LayoutRequests()
    window.installEventFilter(requests)
    for fps in range(20):
        live.setText(f"{fps} fps · {fps + 3} ms")
        qtbot.wait(5)
    assert requests.count == 0 and live.text() == "19 fps · 22 ms"
    live.setText("Reading faces from the video that was chosen a moment ago")
    assert live.toolTip() == live.text()
    live.setText("Off")
    assert live.toolTip() == ""
