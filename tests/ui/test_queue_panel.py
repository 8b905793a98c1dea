"""The visible queue in the real window: queued from the library's menu, reordered by drag, Delete and
Clear, always the same as "Up next", and the user's picks kept through a change of mood."""
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt

from emotune.library.track import Track
from emotune.moods.track_queue import Origin, PlayQueue
from emotune.player.base_player import PlayerState
from emotune.ui.queue_panel import QueuePanel
from test_mood_playback import hold


def titles(tracks) -> list[str]:
    return [track.display_title for track in tracks]


def shown(window) -> list[str]:
    model = window.queue_panel.model
    return [model.index(row).data() for row in range(model.rowCount())]


def agrees(window) -> bool:
    """The panel, "Up next" and the queue itself name the same tracks."""
    upcoming = window.services.queue.upcoming()
    panel = [entry.track for entry in window.queue_panel.model.entries]
    up_next = window.emotion_panel.up_next.text()
    return panel == upcoming and (up_next.startswith(f"Up next: {upcoming[0].display_title}") if upcoming
                                  else up_next == "")


def menu_action(window, rows: list[int], text: str):
    """Select ``rows`` in the library table and trigger ``text`` in the menu of the last one."""
    table = window.library_view.table
    selection = table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(window.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    point = table.visualRect(window.model.index(rows[-1], 0)).center()
    menu = window.library_view.menu_at(point)
    next(action for action in menu.actions() if action.text().startswith(text)).trigger()


def test_the_library_menu_queues_the_selected_rows_and_the_panel_and_up_next_agree(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    window.player_bar.queue_toggle.click()
    assert window.queue_panel.isVisible() and window.queue_panel.showing_empty_state
    tracks = window.model.tracks()
    window.router.play_track(tracks[0], [tracks[0]])
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)

    menu_action(window, [3, 5], "Add to queue (2 tracks)")
    assert titles(window.services.queue.queued()) == titles([tracks[3], tracks[5]])
    menu_action(window, [7], "Play next")
    assert titles(window.services.queue.queued()) == titles([tracks[7], tracks[3], tracks[5]])
    assert not window.queue_panel.showing_empty_state and agrees(window)
    assert shown(window)[0].startswith(tracks[7].display_title)
    assert window.player_bar.queue_toggle.text() == "3" and window.queue_panel.count.text() == "3 queued"
    assert "plays next" in window.statusBar().currentMessage()

    window.playback.next()  # the picks play first, in order, and leave the queue as they play
    qtbot.waitUntil(lambda: window.playback.current is not None and window.playback.current.path == tracks[7].path)
    assert "Queued by you" in window.emotion_panel.reason.text()
    assert titles(window.services.queue.queued()) == titles([tracks[3], tracks[5]]) and agrees(window)


def test_drag_delete_and_clear_change_the_queue_and_up_next_follows(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    window.player_bar.queue_toggle.click()
    tracks = window.model.tracks()
    window.router.play_track(tracks[0], tracks[:3])  # tracks 1 and 2 follow, as the list it was played from
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    window.playback.add_to_queue([tracks[5], tracks[6], tracks[7]])
    ahead = lambda: titles(window.services.queue.upcoming())  # noqa: E731
    assert ahead() == titles([tracks[5], tracks[6], tracks[7], tracks[1], tracks[2]])

    model, view = window.queue_panel.model, window.queue_panel.list
    assert model.moveRow(QModelIndex(), 2, QModelIndex(), 0)  # what the list view's drag does
    assert ahead() == titles([tracks[7], tracks[5], tracks[6], tracks[1], tracks[2]]) and agrees(window)
    assert model.moveRow(QModelIndex(), 4, QModelIndex(), 1)  # a list entry dropped among the picks: kept now
    assert titles(window.services.queue.queued()) == titles([tracks[7], tracks[2], tracks[5], tracks[6]])
    assert model.index(1).data(Qt.ItemDataRole.ForegroundRole) is None  # shown as a pick, no longer dimmed

    view.setFocus()
    view.selectionModel().select(model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.selectionModel().select(model.index(2), QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ahead() == titles([tracks[2], tracks[6], tracks[1]]) and agrees(window)

    window.queue_panel.clear_button.click()
    assert window.services.queue.queued() == [] and ahead() == titles([tracks[1]]) and agrees(window)
    assert not window.queue_panel.clear_button.isEnabled() and window.player_bar.queue_toggle.text() == ""
    assert model.index(0).data(Qt.ItemDataRole.ForegroundRole) is not None  # the rest is automatic: dimmed


def test_a_change_of_mood_keeps_the_users_picks_in_the_panel(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library], settings_values={"switch_behaviour": "finish"})
    hold(window, "happy")
    window.playback.start_mood_playback()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    angry = [track for track in window.model.tracks() if track.mood == "angry"][:2]
    window.playback.add_to_queue(angry)
    hold(window, "sad")
    entries = window.queue_panel.model.entries
    assert [entry.track.path for entry in entries[:2]] == [track.path for track in angry]
    assert entries[2:] and {entry.track.mood for entry in entries[2:]} == {"sad"}
    assert {entry.origin for entry in entries[2:]} == {Origin.AUTO} and agrees(window)


def test_the_panel_asks_and_shows_but_changes_nothing_itself(qtbot):
    panel = QueuePanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.showing_empty_state and "Add to queue" in panel.empty.text()
    assert not panel.clear_button.isEnabled() and panel.clear_button.toolTip()
    queue = PlayQueue()
    queue.set_tracks([Track(path=f"/m/{name}.ogg", title=name) for name in ("now", "dj")])
    queue.add_to_queue([Track(path="/m/mine.ogg", title="mine")])
    panel.show_entries(queue.entries_ahead())
    assert not panel.showing_empty_state and panel.clear_button.isEnabled()
    assert "Queued by you" in panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "may replace it" in panel.model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(panel.remove_requested) as removed:
        panel.list.setFocus()
        panel.list.selectionModel().select(panel.model.index(1), QItemSelectionModel.SelectionFlag.Select)
        qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert removed.args == [[1]]
    with qtbot.waitSignal(panel.model.move_requested) as moved:
        panel.model.moveRow(QModelIndex(), 1, QModelIndex(), 0)
    assert moved.args == [1, 0]
    assert not panel.model.moveRow(QModelIndex(), 0, QModelIndex(), 1)  # onto itself: nothing to ask


def test_the_queue_panel_fits_the_smallest_window_and_stays_shown_after_a_restart(make_window, demo_library, qtbot):
    from test_small_window import squeezed

    window = make_window(folders=[demo_library])
    window.player_bar.queue_toggle.click()
    window.playback.add_to_queue(window.model.tracks()[:4])
    window.resize(QSize(800, 600))
    qtbot.waitUntil(lambda: window.size() == QSize(800, 600))
    qtbot.wait(100)
    assert squeezed(window.queue_panel) == []
    table_page = window.library_view.pages.currentWidget()  # (the hidden empty state is wider than 800 px allow)
    assert squeezed(table_page) == [] and window.library_view.table.width() >= 200
    window.close()
    again = make_window(folders=[demo_library])
    assert again.queue_panel.isVisible() and again.player_bar.queue_toggle.isChecked()
