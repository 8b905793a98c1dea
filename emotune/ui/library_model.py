"""The library as a Qt table model, and the proxy that filters it by a search text.

The model only holds :class:`Track` records handed to it; it never touches the database. Editing the
mood column emits ``user_mood_edited(track_id, mood_or_None)`` and the owner writes it.

At 20,000 tracks a sort that compares through ``data()`` makes half a million Python calls and
freezes the window for seconds. So the model sorts itself, with one key per row computed once per
column and contents (a plain Python sort), and the proxy only filters, against a search text kept
per row: it forwards ``sort`` to the model and never sorts on its own.
"""
from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont

from emotune.library.track import Track
from emotune.ui.theme import TEXT_DIM

TRACK_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

SOURCE_LABELS = {"user": "You", "tag": "Tag", "folder": "Folder", "audio": "Audio", "": ""}


class Column(enum.IntEnum):
    TITLE = 0
    ARTIST = 1
    ALBUM = 2
    DURATION = 3
    MOOD = 4
    SOURCE = 5


HEADERS = {Column.TITLE: "Title", Column.ARTIST: "Artist", Column.ALBUM: "Album", Column.DURATION: "Time",
           Column.MOOD: "Mood", Column.SOURCE: "Mood from"}


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
        self._tracks: list[Track] = []  # in display order
        self._loaded: list[Track] = []  # as handed in: the order shown when no column is sorted
        self._loaded_search: list[str] = []  # search text per loaded track
        self._keys: dict[int, list[Any]] = {}  # column -> sort key per loaded track, made on first use
        self._order: list[int] = []  # display row -> index into _loaded
        self._row_of_id: dict[int, int] = {}
        self._search_text: list[str] = []  # per display row
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
        self.beginResetModel()
        self._loaded = list(tracks)
        self._loaded_search = [_search_text(track) for track in self._loaded]
        self._keys = {}
        self._apply_order()
        self.endResetModel()

    def _apply_order(self) -> None:
        loaded = self._loaded
        if self._sort_column < 0:
            order = list(range(len(loaded)))
        else:
            keys = self._keys.get(self._sort_column)
            if keys is None:
                key = _SORT_KEYS[Column(self._sort_column)]
                keys = self._keys[self._sort_column] = [key(track) for track in loaded]
            order = sorted(range(len(loaded)), key=keys.__getitem__,
                           reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._order = order
        self._tracks = [loaded[i] for i in order]
        self._search_text = [self._loaded_search[i] for i in order]
        self._row_of_id = {t.id: row for row, t in enumerate(self._tracks) if t.id is not None}

    def search_text(self, row: int) -> str:
        """What the search box matches in a row: title, artist, album, mood and genre, casefolded."""
        return self._search_text[row] if 0 <= row < len(self._search_text) else ""

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column`` (-1: back to the order the tracks came in), keeping the
        selection and the other persistent indexes on their tracks."""
        if column >= len(Column) or (column, order) == (self._sort_column, self._sort_order):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        old_order = self._order
        self._apply_order()
        persistent = self.persistentIndexList()
        if persistent:
            new_row = {loaded_index: row for row, loaded_index in enumerate(self._order)}
            moved = [self.index(new_row[old_order[index.row()]], index.column()) for index in persistent]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def tracks(self) -> list[Track]:
        return list(self._tracks)

    def track_at(self, row: int) -> Track | None:
        return self._tracks[row] if 0 <= row < len(self._tracks) else None

    def row_of(self, track_id: int | None) -> int | None:
        return self._row_of_id.get(track_id) if track_id is not None else None

    def update_track(self, track: Track) -> None:
        row = self.row_of(track.id)
        if row is None:
            return
        self._tracks[row] = track
        self._search_text[row] = self._loaded_search[self._order[row]] = _search_text(track)
        self._loaded[self._order[row]] = track
        self._keys = {}  # made again at the next sort; the row keeps its place until then
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
        if not index.isValid():
            return None
        track = self._tracks[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(track, column)
        if role == Qt.ItemDataRole.EditRole:
            return track.mood if track.mood_source == "user" else ""
        if role == SORT_ROLE:
            if column == Column.DURATION:
                return float(track.duration or 0.0)
            return (self._display(track, column) or "").casefold()
        if role == TRACK_ROLE:
            return track
        unplayable = self._unplayable.get(track.id) if track.id is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Cannot play: {unplayable}\n{track.path}" if unplayable else track.path
        if role == Qt.ItemDataRole.FontRole and unplayable:
            return self._struck
        if role == Qt.ItemDataRole.FontRole and track.id is not None and track.id == self._current_id:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column in (Column.DURATION, Column.SOURCE):
            return QColor(TEXT_DIM)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(track: Track, column: Column) -> str:
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
        return source_text(track)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != Column.MOOD:
            return False
        track = self._tracks[index.row()]
        if track.id is None:
            return False
        self.user_mood_edited.emit(track.id, value or None)
        return True


def _search_text(track: Track) -> str:
    return " ".join((track.display_title, track.artist, track.album, track.mood, track.genre)).casefold()


def _text_key(text: str) -> tuple[bool, str]:
    return (not text, text.casefold())  # empty cells last when ascending


_SORT_KEYS = {
    Column.TITLE: lambda t: _text_key(t.display_title),
    Column.ARTIST: lambda t: _text_key(t.artist),
    Column.ALBUM: lambda t: _text_key(t.album),
    Column.DURATION: lambda t: float(t.duration or 0.0),
    Column.MOOD: lambda t: _text_key(t.mood),
    Column.SOURCE: lambda t: _text_key(source_text(t)),
}


class LibraryFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose title, artist, album, mood or genre contain every word of the search text.

    Sorting is the source model's (see the module text): ``sort`` is passed on to it, so this proxy
    keeps the source's order and never compares rows itself.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._words:
            return True
        haystack = self.sourceModel().search_text(source_row)
        for word in self._words:
            if word not in haystack:
                return False
        return True

    def track_at(self, proxy_row: int) -> Track | None:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().track_at(source.row()) if source.isValid() else None

    def visible_tracks(self) -> list[Track]:
        return [track for row in range(self.rowCount()) if (track := self.track_at(row)) is not None]
