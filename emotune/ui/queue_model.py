"""The play queue as a list model: what plays after the current track, the user's picks first.

It shows ``PlayQueue.entries_ahead()`` as the playback controller last announced it and changes
nothing in the queue itself: a drag asks for the move (``move_requested``), the controller makes it
under the DJ's lock, and the queue's announcement comes back through ``set_entries``.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from emotune.moods.track_queue import Origin, QueueEntry
from emotune.ui.library_model import format_time
from emotune.ui.palette import current_palette
from emotune.ui.theme import mood_color

ORIGIN_ROLE = Qt.ItemDataRole.UserRole + 1
USER_TIP = "Queued by you: plays in this order, before the mood DJ's picks."
AUTO_TIP = ("Chosen for your mood: a change of mood may replace it.\n"
            "Drag it up among your picks to keep it.")

Index = QModelIndex | QPersistentModelIndex


def _mood_dot(mood: str | None) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(mood_color(mood))
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


class QueueListModel(QAbstractListModel):
    move_requested = Signal(int, int)  # row, the row it goes before (as QAbstractItemModel.moveRows)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[QueueEntry] = []
        self._dots: dict[str | None, QIcon] = {}

    @property
    def entries(self) -> list[QueueEntry]:
        return list(self._entries)

    @property
    def queued_count(self) -> int:
        return sum(entry.origin is Origin.USER for entry in self._entries)

    def set_entries(self, entries: list[QueueEntry]) -> None:
        """Show ``entries``; when only who queued them changed (a drag promoted one), the rows and the
        selection stay."""
        if [entry.sequence for entry in entries] == [entry.sequence for entry in self._entries]:
            changed = [row for row, (new, old) in enumerate(zip(entries, self._entries)) if new != old]
            self._entries = list(entries)
            for row in changed:
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        track = entry.track
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{track.display_title} — {track.artist}" if track.artist else track.display_title
        if role == Qt.ItemDataRole.ToolTipRole:
            length = f" · {format_time(track.duration)}" if track.duration else ""
            mood = f" · {track.mood}" if track.mood else ""
            return (f"{track.display_title}{length}{mood}\n{track.path}\n\n"
                    + (USER_TIP if entry.origin is Origin.USER else AUTO_TIP))
        if role == Qt.ItemDataRole.DecorationRole:
            if track.mood not in self._dots:
                self._dots[track.mood] = _mood_dot(track.mood)
            return self._dots[track.mood]
        if role == Qt.ItemDataRole.ForegroundRole and entry.origin is Origin.AUTO:
            return QColor(current_palette().text_dim)
        if role == ORIGIN_ROLE:
            return entry.origin
        return None

    # -- dragging within the list: QListView's internal move calls moveRows --------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # between rows
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def moveRows(self, source_parent: Index, source_row: int, count: int, destination_parent: Index,
                 destination_child: int) -> bool:
        """Move one row at once (the list view moves a multiple selection row by row), then ask the
        controller to make the same move in the queue."""
        if (count != 1 or source_parent.isValid() or destination_parent.isValid()
                or not 0 <= source_row < len(self._entries) or not 0 <= destination_child <= len(self._entries)
                or destination_child in (source_row, source_row + 1)):
            return False
        self.beginMoveRows(QModelIndex(), source_row, source_row, QModelIndex(), destination_child)
        entry = self._entries.pop(source_row)
        self._entries.insert(destination_child if destination_child < source_row else destination_child - 1, entry)
        self.endMoveRows()
        self.move_requested.emit(source_row, destination_child)
        return True
