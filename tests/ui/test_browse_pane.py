"""Browsing the library with the genre, artist and album lists: they narrow the table and each other,
combine with the search, and Esc or hiding the pane goes back to every track."""
from PySide6.QtCore import Qt

from emotune.library.library_browser import BrowseField
from emotune.library.track import Track
from emotune.ui.library_model import Column
from emotune.ui.library_view import LibraryView
from tests.ui.test_library_columns import album_tracks, library_view, shown_ids

GENRE, ARTIST, ALBUM = BrowseField.GENRE, BrowseField.ARTIST, BrowseField.ALBUM


def _texts(view: LibraryView, field: BrowseField) -> list[str]:
    model = view.browse_pane.models[field]
    return [model.index(row).data() for row in range(model.rowCount())]


def _click(qtbot, view: LibraryView, field: BrowseField, text: str) -> None:
    rows = _texts(view, field)
    lister = view.browse_pane.lists[field]
    rect = lister.visualRect(view.browse_pane.models[field].index(rows.index(text)))
    qtbot.mouseClick(lister.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_browse_pane_narrows_the_table_and_the_other_lists(qtbot):
    view = library_view(qtbot, album_tracks())
    view.resize(900, 600)
    view.show()
    assert not view.browse_pane.isVisible()
    with qtbot.waitSignal(view.browsing_toggled) as toggled:
        qtbot.mouseClick(view.browse_button, Qt.MouseButton.LeftButton)
    assert toggled.args == [True] and view.browse_pane.isVisible()
    assert _texts(view, ARTIST) == ["All artists (3)", "Ada (2)", "Bo (3)", "Cy (1)"]
    assert _texts(view, ALBUM) == ["All albums (3)", "Alpha (2)", "Box (3)", "No album (1)"]

    _click(qtbot, view, ARTIST, "Bo (3)")
    assert sorted(shown_ids(view)) == [3, 5, 6]
    assert _texts(view, ALBUM) == ["All albums (2)", "Alpha (2)", "No album (1)"]
    assert _texts(view, GENRE) == ["All genres (1)", "Rock (3)"]
    assert _texts(view, ARTIST)[0] == "All artists (3)"  # a list is not narrowed by its own choice
    assert view.count_label.text() == "3 of 6 tracks"

    _click(qtbot, view, ALBUM, "No album (1)")
    assert shown_ids(view) == [5]
    view.search.setText("song 6")  # the search and the choice together: nothing
    assert shown_ids(view) == [] and _texts(view, ALBUM) == ["All albums (1)", "Alpha (1)", "No album (0)"]
    view.search.setText("")
    _click(qtbot, view, ALBUM, "All albums (2)")
    assert sorted(shown_ids(view)) == [3, 5, 6]


def test_escape_clears_the_search_then_the_browse_choice_and_hiding_the_pane_shows_every_track(qtbot):
    view = library_view(qtbot, album_tracks())
    view.show()
    view.set_browsing(True)
    artists = view.browse_pane.lists[ARTIST]
    artists.setCurrentIndex(view.browse_pane.models[ARTIST].index(1))  # Ada, as the arrow keys choose
    assert sorted(shown_ids(view)) == [1, 2]
    qtbot.keyClick(artists, Qt.Key.Key_Escape)  # Esc in a list: back to its "All"
    assert len(shown_ids(view)) == 6 and artists.currentIndex().row() == 0

    artists.setCurrentIndex(view.browse_pane.models[ARTIST].index(1))
    view.search.setFocus()
    qtbot.keyClicks(view.search, "song 2")
    assert shown_ids(view) == [2]
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == "" and sorted(shown_ids(view)) == [1, 2]  # the first Esc: the search
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert len(shown_ids(view)) == 6 and view.browse_pane.choice.is_everything  # the second: the choice
    assert artists.currentIndex().row() == 0

    artists.setCurrentIndex(view.browse_pane.models[ARTIST].index(2))
    assert sorted(shown_ids(view)) == [3, 5, 6]
    view.set_browsing(False)
    assert len(shown_ids(view)) == 6 and view.count_label.text() == "6 tracks"
    view.set_browsing(True)
    assert artists.currentIndex().row() == 0


def test_a_reload_keeps_the_choice_and_a_value_gone_from_the_library_stays_listed(qtbot):
    view = library_view(qtbot, album_tracks())
    view.set_browsing(True)
    view.browse_pane.lists[ARTIST].setCurrentIndex(view.browse_pane.models[ARTIST].index(3))  # Cy
    view.model.set_tracks([track for track in album_tracks() if track.artist != "Cy"])  # a rescan
    assert shown_ids(view) == [] and view.count_label.text() == "0 of 5 tracks"
    assert _texts(view, ARTIST)[-1] == "Cy (0)"
    assert view.browse_pane.lists[ARTIST].currentIndex().row() == 3


def test_browsing_20000_tracks_keeps_the_table_and_lists_in_agreement(qtbot):
    tracks = [Track(path=f"/m/{n}.ogg", title=f"Song {n}", artist=f"Band {n % 397}", album=f"Album {n % 1234}",
                    genre=("Rock", "Jazz", "Pop")[n % 3], track_number=n % 12 + 1, id=n + 1) for n in range(20000)]
    view = library_view(qtbot, tracks)
    view.set_browsing(True)
    view.search.setText("band 5")
    jazz = next(row for row, text in enumerate(_texts(view, GENRE)) if text.startswith("Jazz ("))
    view.browse_pane.lists[GENRE].setCurrentIndex(view.browse_pane.models[GENRE].index(jazz))
    found = [t for t in tracks if all(word in f"{t.title} {t.artist} {t.album} {t.genre}".casefold()
                                      for word in ("band", "5"))]
    expected = [t.id for t in found if t.genre == "Jazz"]
    assert sorted(shown_ids(view)) == expected and len(expected) > 1000
    assert _texts(view, ALBUM)[0] == f"All albums ({len({t.album for t in found if t.genre == 'Jazz'})})"
    assert _texts(view, GENRE)[0] == "All genres (3)"


def test_the_window_remembers_the_browse_pane_and_the_columns(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    view = window.library_view
    assert not view.browse_pane.isVisible()
    qtbot.mouseClick(view.browse_button, Qt.MouseButton.LeftButton)
    assert window.settings.get("show_browser") is True
    assert [text for text in _texts(view, ALBUM) if text.startswith("Emotune Demo: Calm")]
    view.table.horizontalHeader().resizeSection(Column.ARTIST, 222)
    view.table.sortByColumn(Column.ALBUM, Qt.SortOrder.AscendingOrder)
    first_album = view.model.track_at(0).album
    assert [view.model.track_at(row).track_number for row in range(3)] == [1, 2, 3]  # the demo's, read by the scan
    window.close()

    again = make_window(folders=[demo_library])
    assert again.library_view.browse_pane.isVisible() and again.library_view.browse_button.isChecked()
    header = again.library_view.table.horizontalHeader()
    assert header.sectionSize(Column.ARTIST) == 222 and not again.library_view.columns.fitting
    assert header.sortIndicatorSection() == Column.ALBUM and again.model.track_at(0).album == first_album
