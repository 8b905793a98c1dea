"""The library table's columns: track number, year and genre, album order by disc and track, and
widths that fit the table until the user resizes a column."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from emotune.library.track import Track
from emotune.ui.library_columns import SHOWN_ORDER, LibraryColumns
from emotune.ui.library_model import Column, LibraryTableModel
from emotune.ui.library_view import LibraryView


def album_tracks() -> list[Track]:
    """Two albums given out of order, one with two discs, and a track on no album."""
    rows = [  # id, album, disc, track, artist, genre, year
        (1, "Box", 2, 1, "Ada", "Jazz", 2004), (2, "Box", 1, 10, "Ada", "Jazz", 2004),
        (3, "Alpha", 0, 2, "Bo", "Rock", 1999), (4, "Box", 1, 2, "Cy", "Jazz", 2004),
        (5, "", 0, 0, "Bo", "Rock", 0), (6, "Alpha", 0, 1, "Bo", "Rock", 1999),
    ]
    return [Track(path=f"/m/{n}.ogg", title=f"Song {n}", album=album, disc_number=disc, track_number=number,
                  artist=artist, genre=genre, year=year, id=n)
            for n, album, disc, number, artist, genre, year in rows]


def library_view(qtbot, tracks: list[Track]) -> LibraryView:
    model = LibraryTableModel()
    model.set_tracks(tracks)
    view = LibraryView(model)
    qtbot.addWidget(view)
    return view


def shown_ids(view: LibraryView) -> list[int]:
    return [track.id for track in view.model.tracks()]


def test_sorting_by_album_follows_disc_and_track_numbers_either_way(qtbot):
    view = library_view(qtbot, album_tracks())
    view.table.sortByColumn(Column.ALBUM, Qt.SortOrder.AscendingOrder)
    assert shown_ids(view) == [6, 3, 4, 2, 1, 5]  # Alpha 1, 2; Box disc 1: 2, 10, disc 2: 1; no album last
    view.table.sortByColumn(Column.ALBUM, Qt.SortOrder.DescendingOrder)
    assert shown_ids(view) == [5, 4, 2, 1, 6, 3]  # the albums reversed, each still in its own order


def test_track_number_and_year_sort_as_numbers_with_empty_cells_last(qtbot):
    tracks = album_tracks()
    view = library_view(qtbot, tracks)
    view.table.sortByColumn(Column.TRACK_NUMBER, Qt.SortOrder.AscendingOrder)
    assert [view.model.track_at(row).track_number for row in range(6)] == [1, 1, 2, 2, 10, 0]
    view.table.sortByColumn(Column.YEAR, Qt.SortOrder.DescendingOrder)
    assert [view.model.track_at(row).year for row in range(6)] == [0, 2004, 2004, 2004, 1999, 1999]
    view.table.sortByColumn(Column.GENRE, Qt.SortOrder.AscendingOrder)
    assert [view.model.track_at(row).genre for row in range(6)] == ["Jazz"] * 3 + ["Rock"] * 3
    row = view.model.row_of(2)
    assert [view.model.index(row, c).data() for c in (Column.TRACK_NUMBER, Column.YEAR)] == ["10", "2004"]
    assert view.model.index(row, Column.YEAR).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _table(qtbot, width: int) -> tuple[QTableView, LibraryColumns]:
    model = LibraryTableModel()
    model.set_tracks(album_tracks())
    table = QTableView()
    table.setModel(model)
    columns = LibraryColumns(table)
    qtbot.addWidget(table)
    table.resize(width, 300)
    table.show()
    qtbot.waitExposed(table)
    return table, columns


def test_columns_start_in_their_order_and_share_a_wide_table_until_the_user_resizes_one(qtbot):
    table, columns = _table(qtbot, 1600)
    header = table.horizontalHeader()
    assert [header.logicalIndex(position) for position in range(header.count())] == list(SHOWN_ORDER)
    assert sum(header.sectionSize(c) for c in Column) <= table.viewport().width()
    assert header.sectionSize(Column.ALBUM) >= 250  # the album is not cut off to widen only the title
    assert header.sectionSize(Column.TITLE) < 2 * header.sectionSize(Column.ALBUM)
    assert header.sectionResizeMode(Column.TITLE) == QHeaderView.ResizeMode.Interactive  # the user may resize it

    header.resizeSection(Column.ALBUM, 180)  # as a drag of its edge does
    table.resize(1200, 300)
    qtbot.waitUntil(lambda: table.viewport().width() < 1200)
    assert header.sectionSize(Column.ALBUM) == 180 and not columns.fitting
    state, fitting = columns.state()

    again, again_columns = _table(qtbot, 900)
    again_columns.restore(state, fitting)
    assert again.horizontalHeader().sectionSize(Column.ALBUM) == 180 and not again_columns.fitting


def test_a_header_saved_before_the_new_columns_keeps_its_sort_and_gets_them_in_place(qtbot):
    model = LibraryTableModel()
    old_table = QTableView()  # the table as an older Emotune set it up: six columns, Title stretched
    qtbot.addWidget(old_table)

    class SixColumns(LibraryTableModel):
        def columnCount(self, parent=None) -> int:
            return 6

    old_table.setModel(SixColumns())
    old_table.setSortingEnabled(True)
    old_header = old_table.horizontalHeader()
    old_header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
    old_table.sortByColumn(Column.ARTIST, Qt.SortOrder.DescendingOrder)
    old_state = bytes(old_header.saveState().toBase64()).decode("ascii")

    model.set_tracks(album_tracks())
    view = LibraryView(model)
    qtbot.addWidget(view)
    view.resize(1400, 500)
    view.show()
    view.columns.restore(old_state, None)
    header = view.table.horizontalHeader()
    assert [header.logicalIndex(position) for position in range(header.count())] == list(SHOWN_ORDER)
    assert header.sectionResizeMode(Column.TITLE) == QHeaderView.ResizeMode.Interactive
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (Column.ARTIST, Qt.SortOrder.DescendingOrder)
    assert view.columns.fitting and header.sectionSize(Column.GENRE) > 80
