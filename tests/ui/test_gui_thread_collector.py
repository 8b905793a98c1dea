import gc
import threading
import weakref

from PySide6.QtCore import QObject, QTimer

from emotune.ui.gui_thread_collector import GuiThreadCollector, collect_due


class _Ticking(QObject):
    """A QObject with a running timer, held in a cycle (as a PlayerBridge is with its player)."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.start(50)
        self.cycle = self


def _churn_cycles(count: int) -> None:
    for _ in range(count):
        node: list = []
        node.append(node)


def test_a_cycle_holding_a_qobject_is_collected_on_the_gui_thread_not_on_a_worker(qtbot, gui_thread_collector):
    gui = threading.get_ident()
    freed_on: list[int] = []
    ticking = _Ticking()
    weakref.finalize(ticking, lambda: freed_on.append(threading.get_ident()))
    del ticking
    # Far past generation 0's threshold on another thread: CPython would collect there.
    worker = threading.Thread(target=_churn_cycles, args=(20 * gc.get_threshold()[0],))
    worker.start()
    worker.join()
    assert freed_on == []
    qtbot.waitUntil(lambda: bool(freed_on), timeout=3000)  # the collector's timer on this thread
    assert freed_on == [gui]


def test_collect_due_collects_only_past_a_threshold(gui_thread_collector):
    gc.collect()
    assert collect_due() is None
    _churn_cycles(gc.get_threshold()[0] + 10)
    assert collect_due() == 0
    assert gc.get_count()[0] < gc.get_threshold()[0]


def test_stop_turns_automatic_collection_back_on(qapp):
    collector = GuiThreadCollector(parent=qapp)
    try:
        collector.start()
        assert not gc.isenabled()
        collector.stop()
        assert gc.isenabled()
    finally:
        gc.disable()  # the suite's own collector (conftest) keeps running
        collector.deleteLater()
