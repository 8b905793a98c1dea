"""The window at its minimum size, 800x600: every card gets the room it needs (the left column scrolls
instead of drawing the bars, their legend and the reason over each other)."""
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget


def squeezed(root: QWidget) -> list[str]:
    """Visible widgets given less height or width than their layout minimum: what overlaps."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.layout() is None:
            continue
        need = widget.layout().minimumSize()
        if widget.height() < need.height() or widget.width() < need.width():
            found.append(f"{type(widget).__name__} {widget.objectName()} {widget.size().toTuple()} < {need.toTuple()}")
    return found


def test_800_by_600_squeezes_nothing(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    assert window.minimumSize() == QSize(800, 600)
    window.resize(QSize(800, 600))
    qtbot.waitUntil(lambda: window.size() == QSize(800, 600))
    qtbot.wait(100)
    for card in (window.camera_panel, window.emotion_panel):
        assert squeezed(card) == []
    bars = window.emotion_panel.bars
    assert bars.height() >= bars.minimumHeight()


def test_choosing_manual_does_not_move_the_header(make_window, qtbot):
    window = make_window()
    window.resize(QSize(1100, 700))
    qtbot.wait(100)
    segments = window.policy_selector.segments
    before = segments.mapTo(window, segments.rect().topLeft())
    window.policy_selector.segments.chosen.emit("manual")
    qtbot.waitUntil(lambda: window.policy_selector.mood_combo.isVisible())
    qtbot.wait(50)
    assert segments.mapTo(window, segments.rect().topLeft()) == before
    assert window.source_switch.mapTo(window, window.source_switch.rect().topLeft()).x() < before.x()


def test_800_by_600_with_the_browse_pane_shown_squeezes_nothing_and_leaves_the_table_rows(make_window, demo_library,
                                                                                          qtbot):
    window = make_window(folders=[demo_library], settings_values={"show_browser": True})
    window.resize(QSize(800, 600))
    qtbot.waitUntil(lambda: window.size() == QSize(800, 600))
    qtbot.wait(100)
    view = window.library_view
    assert view.browse_pane.isVisible()
    assert squeezed(view.pages.currentWidget()) == []  # the table's page (the empty state's is hidden)
    assert view.table.viewport().height() >= 3 * view.table.verticalHeader().defaultSectionSize()
    for lister in view.browse_pane.lists.values():
        assert lister.viewport().height() >= 2 * lister.sizeHintForRow(0)
