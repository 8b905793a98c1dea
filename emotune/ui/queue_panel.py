"""The queue beside the library: what plays after the current track, reordered by drag, Delete or
Clear to take out, and a word on what to do while it is empty.

Rhythmbox and Strawberry users know this as the play queue side pane; here the user's picks come
first and the mood DJ's, dimmed, after them. The panel only shows and asks: every change goes
through the playback controller (``remove_requested``, ``clear_requested``, the model's
``move_requested``).
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListView, QPushButton,
                               QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from emotune.moods.track_queue import QueueEntry
from emotune.ui.emotion_panel import card_title
from emotune.ui.queue_model import QueueListModel

EMPTY_TEXT = ("Nothing queued yet.\n\nRight-click tracks in the library and choose Play next or Add to "
              "queue. The mood DJ fills in after your picks.")
MIN_WIDTH = 220  # the title row with Clear; the library keeps the rest of an 800 px window


class QueueList(QListView):
    """The list itself: drag to reorder, Delete (or Backspace) takes the selected entries out."""

    delete_pressed = Signal(list)  # rows, ascending

    def __init__(self, model: QueueListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setIconSize(QSize(12, 12))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedIndexes())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected_rows():
            self.delete_pressed.emit(self.selected_rows())
            return
        super().keyPressEvent(event)


class QueuePanel(QFrame):
    remove_requested = Signal(list)  # rows of what is ahead
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setMinimumWidth(MIN_WIDTH)
        self.model = QueueListModel(self)
        self.list = QueueList(self.model)
        self.list.setToolTip("Drag to reorder · Delete removes the selected tracks")
        self.list.delete_pressed.connect(self.remove_requested)
        self.count = QLabel()
        self.count.setObjectName("Faint")
        self.count.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the panel
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Remove your picks from the queue (the mood DJ's picks stay)")
        self.clear_button.clicked.connect(self.clear_requested)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("Dim")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.legend = QLabel("Your picks play first; dimmed ones the mood DJ chose.")
        self.legend.setObjectName("Faint")
        self.legend.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.list)

        title_row = QHBoxLayout()
        title_row.setSpacing(8)
        title_row.addWidget(card_title("Queue"))
        title_row.addWidget(self.count)
        title_row.addStretch(1)
        title_row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(title_row)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.legend)
        self.show_entries([])

    @property
    def showing_empty_state(self) -> bool:
        return self.pages.currentWidget() is self.empty

    def show_entries(self, entries: list[QueueEntry]) -> None:
        self.model.set_entries(entries)
        queued = self.model.queued_count
        self.pages.setCurrentWidget(self.list if entries else self.empty)
        self.legend.setVisible(bool(entries))
        self.count.setText(f"{queued} queued" if queued else "")
        self.clear_button.setEnabled(queued > 0)
