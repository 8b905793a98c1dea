"""The library as a Qt table model that sorts and searches itself.

The model only holds :class:`Track` records handed to it; it never touches the database. Editing the
mood column emits ``user_mood_edited(track_id, mood_or_None)`` and the owner writes it.

At 20,000 tracks a proxy costs too much: one that compared rows through ``data()`` froze the window
for seconds, and a QSortFilterProxyModel that only filtered spent 110-160 ms per search in Qt itself,
inserting and removing row ranges in the view, on top of a Python call per row. So the model shows
the rows itself: it sorts with one key per row (made once per column and contents, a plain Python
sort), keeps one search text per row (made once per contents, on the first search), and a sort or a
search is a new list of row numbers and one ``layoutChanged`` that keeps the selection on its tracks.
The browse lists' choice (genre, artist, album) narrows the searched rows the same way.

Columns added later come last in ``Column`` (a saved header state knows sections by number); the view
shows them where they belong (see library_columns).
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from emotune.library.library_browser import BrowseChoice, BrowseField
from emotune.library.track import Track
from emotune.ui.palette import DARK, LIGHT, current_palette

TRACK_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY, _EDIT, _TOOLTIP, _FONT, _FOREGROUND, _ALIGNMENT = (int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole))
_ROLES_NOT_SHOWN = frozenset(int(role) for role in (
    Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.SizeHintRole))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

SOURCE_LABELS = {"user": "You", "tag": "Tag", "folder": "Folder", "audio": "Audio", "": ""}


class Column(enum.IntEnum):
    TITLE = 0
    ARTIST = 1
    ALBUM = 2
    DURATION = 3
    MOOD = 4
    SOURCE = 5
    TRACK_NUMBER = 6
    YEAR = 7
    GENRE = 8


HEADERS = {Column.TITLE: "Title", Column.ARTIST: "Artist", Column.ALBUM: "Album", Column.DURATION: "Time",
           Column.MOOD: "Mood", Column.SOURCE: "Mood from", Column.TRACK_NUMBER: "#", Column.YEAR: "Year",
           Column.GENRE: "Genre"}
_NUMBERS = frozenset({Column.DURATION, Column.TRACK_NUMBER, Column.YEAR})  # right-aligned
_DIM = frozenset({Column.DURATION, Column.SOURCE, Column.TRACK_NUMBER, Column.YEAR})
_DIM_COLOR = {palette.name: QColor(palette.text_dim) for palette in (DARK, LIGHT)}
"""One colour per palette, not a new QColor for each of the thousands of cells a repaint asks for."""


def format_time(seconds: float) -> str:
    seconds = max(0, int(round(seconds or 0)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def source_text(track: Track) -> str:
    label = SOURCE_LABELS.get(track.mood_source, track.mood_source.title())
    method = getattr(track, "mood_method", "")
    return f"{label} ({method})" if label and method and track.mood_source == "audio" else label


class LibraryTableModel(QAbstractTableModel):
    user_mood_edited = Signal(int, object)  # track id, mood name or None (clear the user's choice)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._loaded: list[Track] = []  # as handed in: the order shown when no column is sorted
        self._index_of_id: dict[int, int] = {}  # track id -> index into _loaded
        self._search_texts: list[str] | None = None  # per loaded track, made on the first search
        self._keys: dict[int, list[Any]] = {}  # column -> sort key per loaded track, made on first use
        self._order: list[int] = []  # every index into _loaded, in the sorted order
        self._found: list[int] = []  # _order less what the search hides
        self._shown: list[int] = []  # display row -> index into _loaded: _found less what the browse choice hides
        self._tracks: list[Track] = []  # per display row
        self._row_of_id: dict[int, int] | None = None  # made on first use after the rows change
        self._words: list[str] = []
        self._choice = BrowseChoice()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._current_id: int | None = None
        self._unplayable: dict[int, str] = {}  # track id -> why it could not be played (this session)
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    # -- contents --------------------------------------------------------
    def set_tracks(self, tracks: list[Track]) -> None:
        """Show new contents, sorted and searched as before (a reset: the selection is dropped)."""
        self.beginResetModel()
        self._loaded = list(tracks)
        self._index_of_id = {track.id: index for index, track in enumerate(self._loaded) if track.id is not None}
        self._search_texts = None
        self._keys = {}
        self._order = self._sorted_order()
        self._show()
        self.endResetModel()

    def _sorted_order(self) -> list[int]:
        count = len(self._loaded)
        if self._sort_column < 0:
            return list(range(count))
        keys = self._keys.get(self._sort_column)
        if keys is None:
            keys = self._keys[self._sort_column] = _sort_keys(Column(self._sort_column), self._loaded)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_column == Column.ALBUM:
            return _album_order(keys, descending)
        order = sorted(range(count), key=keys.__getitem__, reverse=descending)
        if self._sort_column != Column.DURATION:  # empty cells last when ascending, first when descending
            filled = [index for index in order if keys[index]]
            empty = [index for index in order if not keys[index]]
            order = empty + filled if descending else filled + empty
        return order

    def _show(self) -> None:
        shown = self._order
        if self._words:
            texts = self._search_texts
            if texts is None:
                texts = self._search_texts = [_search_text(track) for track in self._loaded]
            for word in self._words:
                shown = [index for index in shown if word in texts[index]]
        self._found = shown
        loaded = self._loaded
        for field in BrowseField:
            chosen = self._choice.value(field)
            if chosen is not None:
                value_of = attrgetter(field.value)
                shown = [index for index in shown if value_of(loaded[index]) == chosen]
        self._shown = shown
        self._tracks = [loaded[index] for index in shown]
        self._row_of_id = None

    def _relayout(self) -> None:
        """Show ``_order`` as the search allows in one layout change; persistent indexes (the
        selection, the current row) stay on their tracks, and are dropped where the search hides them."""
        self.layoutAboutToBeChanged.emit()
        old_shown = self._shown
        self._show()
        persistent = self.persistentIndexList()
        if persistent:
            new_row = {index: row for row, index in enumerate(self._shown)}
            moved = []
            for old in persistent:
                row = new_row.get(old_shown[old.row()])
                moved.append(QModelIndex() if row is None else self.index(row, old.column()))
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def set_search(self, text: str) -> None:
        """Show only the tracks whose title, artist, album, mood or genre contain every word of ``text``."""
        words = text.casefold().split()
        if words != self._words:
            self._words = words
            self._relayout()

    def set_browse_choice(self, choice: BrowseChoice) -> None:
        """Show only the tracks of the genre, artist and album chosen in the browse lists (and found by the search)."""
        if choice != self._choice:
            self._choice = choice
            self._relayout()

    def found_tracks(self) -> list[Track]:
        """The tracks the search finds, whatever the browse choice: what the browse lists offer."""
        loaded = self._loaded
        return [loaded[index] for index in self._found]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column`` (-1: back to the order the tracks came in), keeping the
        selection and the other persistent indexes on their tracks."""
        if column >= len(Column) or (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted_order()
        self._relayout()

    @property
    def track_count(self) -> int:
        """All the tracks handed in, those the search hides included."""
        return len(self._loaded)

    def tracks(self) -> list[Track]:
        """The tracks shown, in display order."""
        return list(self._tracks)

    def track_at(self, row: int) -> Track | None:
        return self._tracks[row] if 0 <= row < len(self._tracks) else None

    def row_of(self, track_id: int | None) -> int | None:
        """The display row of a track; None when it is not loaded or the search hides it."""
        if track_id is None:
            return None
        if self._row_of_id is None:
            self._row_of_id = {track.id: row for row, track in enumerate(self._tracks) if track.id is not None}
        return self._row_of_id.get(track_id)

    def update_track(self, track: Track) -> None:
        """Show a track's new state in place; it keeps its row (sorted or searched) until the next
        sort or search, so a row does not jump away while the user looks at it."""
        index = self._index_of_id.get(track.id) if track.id is not None else None
        if index is None:
            return
        self._loaded[index] = track
        if self._search_texts is not None:
            self._search_texts[index] = _search_text(track)
        for column, keys in self._keys.items():
            keys[index] = _sort_key(Column(column), track)
        row = self.row_of(track.id)
        if row is not None:
            self._tracks[row] = track
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def mark_unplayable(self, track_id: int, reason: str) -> None:
        """Show a track the player could not play struck out, with the reason as its tooltip."""
        self._unplayable[track_id] = reason
        row = self.row_of(track_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def unplayable_reason(self, track_id: int | None) -> str | None:
        return self._unplayable.get(track_id) if track_id is not None else None

    def set_current_track(self, track_id: int | None) -> None:
        """Mark the playing track (bold; a track that plays is playable again); rows of the previous
        and new one are repainted."""
        rows = {self.row_of(self._current_id), self.row_of(track_id)} - {None}
        self._current_id = track_id
        if track_id is not None:
            self._unplayable.pop(track_id, None)
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    # -- Qt model interface -------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._tracks)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == Column.MOOD:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called about 1,000 times per repaint, for roles most cells do not have: roles are compared
        # as ints, the cheap answers come first and nothing is built per call.
        if role in _ROLES_NOT_SHOWN or not index.isValid():
            return None
        track = self._tracks[index.row()]
        if role == _DISPLAY:
            return self._display(track, index.column())
        if role == _FONT:
            if track.id is None:
                return None
            if self._unplayable.get(track.id):
                return self._struck
            return self._bold if track.id == self._current_id else None
        if role == _FOREGROUND:
            return _DIM_COLOR[current_palette().name] if index.column() in _DIM else None
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in _NUMBERS else None
        if role == TRACK_ROLE:
            return track
        if role == _EDIT:
            return track.mood if track.mood_source == "user" else ""
        if role == _TOOLTIP:
            unplayable = self._unplayable.get(track.id) if track.id is not None else None
            return f"Cannot play: {unplayable}\n{track.path}" if unplayable else track.path
        return None

    @staticmethod
    def _display(track: Track, column: int) -> str:
        if column == Column.TITLE:
            return track.display_title
        if column == Column.ARTIST:
            return track.artist
        if column == Column.ALBUM:
            return track.album
        if column == Column.DURATION:
            return format_time(track.duration) if track.duration else ""
        if column == Column.MOOD:
            return track.mood.title() if track.mood else "…"
        if column == Column.SOURCE:
            return source_text(track)
        if column == Column.TRACK_NUMBER:
            return str(track.track_number) if track.track_number else ""
        if column == Column.YEAR:
            return str(track.year) if track.year else ""
        return track.genre

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != Column.MOOD:
            return False
        track = self._tracks[index.row()]
        if track.id is None:
            return False
        self.user_mood_edited.emit(track.id, value or None)
        return True


def _search_text(track: Track) -> str:
    return f"{track.display_title} {track.artist} {track.album} {track.mood} {track.genre}".casefold()


_SORT_TEXT: dict[Column, Callable[[Track], str]] = {
    Column.TITLE: attrgetter("display_title"), Column.ARTIST: attrgetter("artist"),
    Column.MOOD: attrgetter("mood"), Column.SOURCE: source_text, Column.GENRE: attrgetter("genre"),
}
_SORT_NUMBER: dict[Column, Callable[[Track], int]] = {
    Column.TRACK_NUMBER: attrgetter("track_number"), Column.YEAR: attrgetter("year"),
}

AlbumKey = tuple[str, int, int]
"""(album, disc, track): an album plays in the order of its discs and tracks."""


def _sort_key(column: Column, track: Track) -> str | float | int | AlbumKey:
    if column == Column.DURATION:
        return float(track.duration or 0.0)
    if column == Column.ALBUM:
        return track.album.casefold(), track.disc_number, track.track_number
    if column in _SORT_NUMBER:
        return _SORT_NUMBER[column](track)
    return _SORT_TEXT[column](track).casefold()


def _sort_keys(column: Column, tracks: list[Track]) -> list[Any]:
    """``_sort_key`` for every track, in one comprehension (20,000 calls of it cost several ms)."""
    if column == Column.DURATION:
        return [float(track.duration or 0.0) for track in tracks]
    if column == Column.ALBUM:
        return [(track.album.casefold(), track.disc_number, track.track_number) for track in tracks]
    if column in _SORT_NUMBER:
        return list(map(_SORT_NUMBER[column], tracks))
    text = _SORT_TEXT[column]
    return [text(track).casefold() for track in tracks]


def _album_order(keys: list[AlbumKey], descending: bool) -> list[int]:
    """Albums by name (descending: Z to A) and each in disc and track order either way, tracks without
    an album last (descending: first), as the other text columns do."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    if descending:  # a stable sort on the album alone keeps each album's disc and track order
        order.sort(key=lambda index: keys[index][0], reverse=True)
    filled = [index for index in order if keys[index][0]]
    empty = [index for index in order if not keys[index][0]]
    return empty + filled if descending else filled + empty
