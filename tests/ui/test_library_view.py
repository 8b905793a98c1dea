from PySide6.QtCore import Qt, QUrl

from emotune.library.track import Track
from emotune.ui.library_model import Column, LibraryTableModel, format_time
from emotune.ui.library_view import LibraryView


def _tracks():
    return [
        Track(path="/m/happy/sun.ogg", title="Sunny Walk", artist="Ada", album="Light", duration=184.0, id=1,
              mood="happy", mood_source="folder", valence=0.7, arousal=0.45, track_number=4, year=1999, genre="Folk"),
        Track(path="/m/sad/rain.ogg", title="Rain", artist="Bo", album="Grey", duration=65.4, id=2,
              mood="sad", mood_source="tag"),
        Track(path="/m/x/unknown.ogg", artist="Ada", id=3),
    ]


def _shown_view(qtbot) -> tuple[LibraryTableModel, LibraryView]:
    """The sample tracks in a library view on screen."""
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.show()
    return model, view


def test_format_time():
    assert format_time(0) == "0:00"
    assert format_time(65.4) == "1:05"
    assert format_time(3725) == "1:02:05"


def test_model_shows_the_columns():
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    assert model.rowCount() == 3 and model.columnCount() == len(Column)
    row = [model.index(0, c).data() for c in range(len(Column))]
    assert row == ["Sunny Walk", "Ada", "Light", "3:04", "Happy", "Folder", "4", "1999", "Folk"]
    assert [model.index(1, c).data() for c in (Column.TRACK_NUMBER, Column.YEAR, Column.GENRE)] == ["", "", ""]
    assert model.index(2, Column.TITLE).data() == "unknown"  # falls back to the file name
    assert model.index(2, Column.MOOD).data() == "…"


def test_empty_model_shows_the_empty_state(qtbot):
    view = LibraryView(LibraryTableModel())
    qtbot.addWidget(view)
    assert view.showing_empty_state
    view.model.set_tracks(_tracks())
    assert not view.showing_empty_state
    assert view.count_label.text() == "3 tracks"


def test_search_filters_on_every_word(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.search, "ada")
    assert view.model.rowCount() == 2
    view.search.setText("ada happy")
    assert [t.id for t in view.model.tracks()] == [1]
    assert view.count_label.text() == "1 of 3 tracks"
    view.search.setText("sad")
    assert [t.title for t in view.model.tracks()] == ["Rain"]
    view.search.clear()
    assert view.model.rowCount() == 3


def test_double_click_activates_the_track(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.search.setText("rain")
    rect = view.table.visualRect(view.model.index(0, Column.TITLE))
    with qtbot.waitSignal(view.track_activated) as signal:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    track, context = signal.args
    assert track.id == 2 and [t.id for t in context] == [2]


def test_sorting_by_duration_is_numeric(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.table.sortByColumn(Column.DURATION, Qt.SortOrder.DescendingOrder)
    assert [t.id for t in view.model.tracks()] == [1, 2, 3]


def test_editing_the_mood_reports_the_user_choice(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    with qtbot.waitSignal(model.user_mood_edited) as signal:
        assert view.model.setData(view.model.index(1, Column.MOOD), "calm")
    assert signal.args == [2, "calm"]
    menu = view.build_context_menu(_tracks()[0])
    set_mood = next(a.menu() for a in menu.actions() if a.menu())
    automatic = set_mood.actions()[0]
    with qtbot.waitSignal(model.user_mood_edited) as signal:
        automatic.trigger()
    assert signal.args == [1, None]


def test_current_track_is_bold():
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    model.set_current_track(2)
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None


def _damage_inner_page(path):
    import random
    pages = path.stat().st_size // 4096
    with open(path, "r+b") as handle:
        handle.seek((pages // 2) * 4096)
        handle.write(random.Random(3).randbytes(4096))


def test_a_damaged_library_database_never_blocks_the_window(make_window, demo_library, qtbot):
    """A damaged inner page used to leave "Reading your music…" up for ever; now the file is moved
    aside, a new library is scanned, the moods set by hand come back and one notice says so."""
    from emotune.library.database import LibraryDatabase, default_database_path
    from emotune.library.library_scanner import scan_folders

    path = default_database_path()
    db = LibraryDatabase(path)
    scan_folders(db, [demo_library])
    first = min(db.tracks(), key=lambda t: t.id)
    db.set_user_mood(first.id, "angry")
    with db.batch():  # enough rows that the damage in the middle spares the first pages
        for number in range(600):
            db.upsert_track(Track(path=f"/gone/{number}.mp3", title="~" * 100, size=1, mtime=1.0))
    db.close()
    _damage_inner_page(path)

    window = make_window(folders=[demo_library])

    qtbot.waitUntil(lambda: window.model.rowCount() == 15, timeout=20000)
    assert any("damaged" in box.text() and ".corrupt-" in box.informativeText() for box in window.notice_boxes)
    assert "1 mood you set was recovered" in window.notice_boxes[-1].informativeText()
    assert [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    restored = window.services.database.track_by_path(first.path)
    assert (restored.mood, restored.mood_source) == ("angry", "user")
    window.services.database.check_integrity()


def test_sorting_is_done_by_the_model_with_keys_and_survives_a_reload(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.table.sortByColumn(Column.ARTIST, Qt.SortOrder.AscendingOrder)
    assert [t.id for t in view.model.tracks()] == [1, 3, 2]  # Ada, Ada (stable), Bo
    view.table.sortByColumn(Column.ALBUM, Qt.SortOrder.AscendingOrder)
    assert [t.id for t in view.model.tracks()] == [2, 1, 3]  # Grey, Light, then the empty album
    view.table.sortByColumn(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert [t.display_title for t in view.model.tracks()] == ["unknown", "Sunny Walk", "Rain"]
    model.set_tracks(list(reversed(_tracks())))  # a reload keeps the chosen sort
    assert [t.display_title for t in view.model.tracks()] == ["unknown", "Sunny Walk", "Rain"]
    view.search.setText("ada")
    assert [t.id for t in view.model.tracks()] == [3, 1]
    view.search.clear()
    view.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert [t.id for t in view.model.tracks()] == [3, 2, 1]  # the order the tracks came in


def test_the_selection_stays_on_its_track_when_the_table_is_sorted(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.table.selectRow(0)  # Sunny Walk
    view.table.sortByColumn(Column.DURATION, Qt.SortOrder.AscendingOrder)
    selected = view.table.selectionModel().selectedRows()
    assert [view.model.track_at(index.row()).id for index in selected] == [1]
    assert view.model.track_at(0).id == 3


class _CountingModel(LibraryTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.data_calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.data_calls += 1
        return super().data(index, role)


def test_sorting_and_searching_20000_tracks_read_no_cell_data(qtbot):
    """The freeze came from the proxy comparing rows through data(): 541k calls for one sort."""
    model = _CountingModel()
    model.set_tracks([Track(path=f"/m/{n}.ogg", title=f"Song {n * 7919 % 20000}", artist=f"Band {n % 97}",
                            duration=float(n % 300), id=n + 1) for n in range(20000)])
    view = LibraryView(model)  # not shown: only the sort and the filter are measured here
    qtbot.addWidget(view)
    model.data_calls = 0
    for column in Column:
        view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        view.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    view.search.setText("band 5")
    view.search.clear()
    assert model.data_calls == 0
    view.table.sortByColumn(Column.DURATION, Qt.SortOrder.DescendingOrder)
    assert view.model.track_at(0).duration == 299.0


def _searchable_tracks():
    return _tracks() + [Track(path="/m/j/late.ogg", title="Late Train", artist="Cy", album="Night", genre="Jazz",
                              duration=200.0, id=4, mood="calm", mood_source="audio")]


def test_search_matches_title_artist_album_mood_and_genre_in_any_case(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_searchable_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    for text, ids in (("RAIN", [2, 4]), ("cy", [4]), ("grey", [2]), ("calm", [4]), ("jazz", [4]),
                      ("unknown", [3]), ("  ada   light ", [1]), ("ada zzz", [])):
        view.search.setText(text)
        assert [t.id for t in model.tracks()] == ids, text
        assert view.table.verticalHeader().count() == len(ids)  # the table shows just these rows
    assert view.count_label.text() == "0 of 4 tracks"
    assert not view.showing_empty_state  # a search that finds nothing is not an empty library


def test_a_search_keeps_the_sorted_order_and_clearing_it_restores_every_row(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_searchable_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.table.sortByColumn(Column.DURATION, Qt.SortOrder.DescendingOrder)
    view.search.setText("a")
    assert [t.id for t in model.tracks()] == [4, 1, 2, 3]
    view.search.setText("ada")
    assert [t.id for t in model.tracks()] == [1, 3]
    view.table.sortByColumn(Column.DURATION, Qt.SortOrder.AscendingOrder)  # sorting while searching
    assert [t.id for t in model.tracks()] == [3, 1]
    view.search.clear()
    assert [t.id for t in model.tracks()] == [3, 2, 1, 4]
    assert view.count_label.text() == "4 tracks"


def test_the_selection_and_the_current_track_survive_a_search_that_keeps_them(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_searchable_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)  # Late Train, Rain, Sunny Walk, unknown
    view.table.selectRow(2)
    model.set_current_track(1)

    def selected_ids():
        return [model.track_at(index.row()).id for index in view.table.selectionModel().selectedRows()]

    assert selected_ids() == [1]
    view.search.setText("ada")
    assert selected_ids() == [1] and [t.id for t in model.tracks()] == [1, 3]
    assert view.table.currentIndex().row() == 0
    assert model.index(model.row_of(1), Column.TITLE).data(Qt.ItemDataRole.FontRole).bold()
    view.search.clear()
    assert selected_ids() == [1] and model.row_of(1) == 2
    assert model.index(2, Column.TITLE).data(Qt.ItemDataRole.FontRole).bold()
    view.search.setText("rain")  # hides the selected track: nothing stays selected
    assert selected_ids() == [] and model.row_of(1) is None
    view.search.clear()
    assert selected_ids() == []


def test_editing_a_mood_in_search_results_names_the_right_track(qtbot):
    model = LibraryTableModel()
    model.set_tracks(_searchable_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.search.setText("train")
    with qtbot.waitSignal(model.user_mood_edited) as signal:
        assert model.setData(model.index(0, Column.MOOD), "happy")
    assert signal.args == [4, "happy"]


def test_an_updated_track_keeps_its_row_until_the_next_sort_or_search(qtbot):
    from dataclasses import replace

    model = LibraryTableModel()
    model.set_tracks(_searchable_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.table.sortByColumn(Column.MOOD, Qt.SortOrder.AscendingOrder)  # calm, happy, sad, then none
    assert [t.id for t in model.tracks()] == [4, 1, 2, 3]
    model.update_track(replace(_tracks()[2], mood="angry", mood_source="audio"))
    assert [t.id for t in model.tracks()] == [4, 1, 2, 3]
    assert model.index(3, Column.MOOD).data() == "Angry"
    view.search.setText("sad")
    model.update_track(replace(_searchable_tracks()[3], mood="sad"))  # hidden by the search
    assert [t.id for t in model.tracks()] == [2]
    view.search.clear()
    view.search.setText("sad")  # a new search finds it, in the place the last sort gave it
    assert [t.id for t in model.tracks()] == [4, 2]
    view.search.clear()
    view.table.sortByColumn(Column.MOOD, Qt.SortOrder.DescendingOrder)  # the new moods, no reload
    assert [t.id for t in model.tracks()] == [2, 4, 1, 3]  # sad, sad (stable), happy, angry


def test_searching_20000_sorted_tracks_finds_what_a_plain_scan_finds_in_order(qtbot):
    tracks = [Track(path=f"/m/{n}.ogg", title=f"Song {n * 7919 % 20000}" if n % 10 else "", artist=f"Band {n % 97}",
                    genre=("Rock", "Jazz")[n % 2], duration=float(n % 300), id=n + 1) for n in range(20000)]
    model = LibraryTableModel()
    model.set_tracks(tracks)
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.table.sortByColumn(Column.TITLE, Qt.SortOrder.DescendingOrder)
    view.search.setText("band 5 jazz")
    by_title = sorted(tracks, key=lambda t: t.display_title.casefold(), reverse=True)
    expected = [t.id for t in by_title
                if all(word in f"{t.display_title} {t.artist} {t.genre}".casefold() for word in ("band", "5", "jazz"))]
    assert [t.id for t in model.tracks()] == expected and len(expected) > 1000
    view.search.clear()
    assert [t.id for t in model.tracks()] == [t.id for t in by_title]


def test_cells_carry_their_looks():
    model = LibraryTableModel()
    model.set_tracks(_tracks())
    model.mark_unplayable(2, "file missing")
    duration, title = model.index(0, Column.DURATION), model.index(0, Column.TITLE)
    assert duration.data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert title.data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert duration.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, Column.SOURCE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert title.data(Qt.ItemDataRole.ForegroundRole) is None
    assert title.data(Qt.ItemDataRole.ToolTipRole) == "/m/happy/sun.ogg"
    assert model.index(1, Column.TITLE).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(1, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole) == "Cannot play: file missing\n/m/sad/rain.ogg"
    assert model.index(0, Column.MOOD).data(Qt.ItemDataRole.EditRole) == ""  # a folder mood, not the user's
    assert title.data(Qt.ItemDataRole.DecorationRole) is None


def test_escape_clears_the_search_and_enter_plays_the_result(qtbot):
    model, view = _shown_view(qtbot)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "rain")
    assert model.rowCount() == 1
    with qtbot.waitSignal(view.track_activated) as played:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert played.args[0].title == "Rain" and [t.title for t in played.args[1]] == ["Rain"]
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == "" and model.rowCount() == 3


def test_the_context_menu_shows_the_track_in_its_folder():
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtGui import QDesktopServices

    class FileManager(QObject):  # stands in for the desktop's file manager, which the test cannot see
        opened: list[str] = []

        @Slot(QUrl)
        def show(self, url) -> None:
            self.opened.append(url.toLocalFile())

    manager = FileManager()
    opened = manager.opened
    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        view = LibraryView(LibraryTableModel())
        menu = view.build_context_menu(_tracks()[1])
        next(action for action in menu.actions() if action.text() == "Show in folder").trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened == ["/m/sad"]


def test_the_context_menu_queues_the_selected_rows_or_else_the_clicked_one(qtbot):
    from PySide6.QtCore import QItemSelectionModel

    model, view = _shown_view(qtbot)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (2, 0):
        view.table.selectionModel().select(model.index(row, 0), flags)
    centre = lambda row: view.table.visualRect(model.index(row, 0)).center()  # noqa: E731
    menu = view.menu_at(centre(2))
    with qtbot.waitSignal(view.play_next_requested) as play_next:
        next(a for a in menu.actions() if a.text() == "Play next (2 tracks)").trigger()
    assert [track.id for track in play_next.args[0]] == [model.track_at(0).id, model.track_at(2).id]  # table order
    menu = view.menu_at(centre(1))  # a row outside the selection: that row alone
    with qtbot.waitSignal(view.queue_requested) as queued:
        next(a for a in menu.actions() if a.text() == "Add to queue").trigger()
    assert [track.id for track in queued.args[0]] == [model.track_at(1).id]
    assert view.menu_at(view.table.viewport().rect().bottomRight()) is None  # below the rows: no menu
