"""The browse pane: three small lists, genres, artists and albums, that narrow the library table.

Each list starts with "All … (N)" and offers what ``library_browser.browse_entries`` says, with the
number of tracks of each; choosing a row narrows the table and the other two lists. Esc in a list goes
back to its "All" row.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QAbstractListModel, QEvent, QItemSelectionModel, QModelIndex, QObject,
                            QPersistentModelIndex, Qt, Signal)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListView, QWidget

from emotune.library.library_browser import BrowseChoice, BrowseEntry, BrowseField
from emotune.ui.palette import current_palette

ALL_LABELS = {BrowseField.GENRE: "All genres", BrowseField.ARTIST: "All artists", BrowseField.ALBUM: "All albums"}
UNTAGGED_LABELS = {BrowseField.GENRE: "No genre", BrowseField.ARTIST: "Unknown artist",
                   BrowseField.ALBUM: "No album"}


class BrowseListModel(QAbstractListModel):
    """Row 0 is "All …"; row n is entry n-1."""

    def __init__(self, field: BrowseField, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._entries: list[BrowseEntry] = []
        self._row_of_value: dict[str, int] = {}
        self._with_tracks = 0  # entries that have any, for "All … (N)"

    @property
    def entries(self) -> list[BrowseEntry]:
        return self._entries

    def set_entries(self, entries: list[BrowseEntry]) -> None:
        self.beginResetModel()
        self._entries = entries
        self._row_of_value = {entry.value: row for row, entry in enumerate(entries, start=1)}
        self._with_tracks = sum(1 for entry in entries if entry.count)
        self.endResetModel()

    def value_at(self, row: int) -> str | None:
        """The value row ``row`` chooses; None for "All"."""
        return self._entries[row - 1].value if 1 <= row <= len(self._entries) else None

    def row_of(self, value: str | None) -> int:
        return 0 if value is None else self._row_of_value.get(value, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries) + 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if row == 0:
                return f"{ALL_LABELS[self.field]} ({self._with_tracks})"
            entry = self._entries[row - 1]
            return f"{entry.value or UNTAGGED_LABELS[self.field]} ({entry.count})"
        if role == Qt.ItemDataRole.ForegroundRole and row > 0 and self._entries[row - 1].count == 0:
            return QColor(current_palette().text_dim)  # chosen, but nothing found has it now
        return None


class BrowsePane(QWidget):
    choice_changed = Signal(object)  # BrowseChoice: the user chose a row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choice = BrowseChoice()
        self._showing = False  # while the lists are refilled, their selection is not the user's
        self.models: dict[BrowseField, BrowseListModel] = {}
        self.lists: dict[BrowseField, QListView] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for field in BrowseField:
            model = self.models[field] = BrowseListModel(field, self)
            view = self.lists[field] = QListView()
            view.setObjectName(f"Browse{field.name.title()}")
            view.setModel(model)
            view.setUniformItemSizes(True)  # a thousand albums lay out without measuring each
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setMinimumHeight(72)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names are elided
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, f=field: self._row_chosen(f, current.row()))
            view.installEventFilter(self)
            layout.addWidget(view, 1)
        self.setMaximumHeight(170)
        self.show_entries({field: [] for field in BrowseField})

    @property
    def choice(self) -> BrowseChoice:
        return self._choice

    def show_entries(self, entries: dict[BrowseField, list[BrowseEntry]]) -> None:
        """Refill the lists whose entries changed (not, for one, the list just chosen in: its own choice
        does not narrow it), each with its chosen row selected."""
        self._showing = True
        try:
            for field, view in self.lists.items():
                model = self.models[field]
                if entries[field] != model.entries:
                    model.set_entries(entries[field])
                index = model.index(model.row_of(self._choice.value(field)))
                if view.currentIndex() != index:
                    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                    view.scrollTo(index)
        finally:
            self._showing = False

    def choose(self, choice: BrowseChoice) -> None:
        """Make ``choice`` the pane's (the lists show it at the next ``show_entries``) and say so."""
        if choice != self._choice:
            self._choice = choice
            self.choice_changed.emit(choice)

    def _row_chosen(self, field: BrowseField, row: int) -> None:
        if not self._showing and row >= 0:
            self.choose(self._choice.with_value(field, self.models[field].value_at(row)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            for field, view in self.lists.items():
                if watched is view and self._choice.value(field) is not None:
                    view.setCurrentIndex(self.models[field].index(0))  # back to "All"
                    return True
        return super().eventFilter(watched, event)
