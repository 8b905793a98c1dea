"""The library page: search box, browse pane, track table (sortable, filterable, mood editable) or the empty state.

The browse pane (genres, artists, albums) is shown with the Browse button; hiding it goes back to all
tracks, so no hidden choice narrows the table. Esc in the search box clears the search, and once it is
empty clears the browse choice too.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QMenu, QStackedWidget, QTableView,
                               QToolButton, QVBoxLayout, QWidget)

from emotune.library.library_browser import BrowseChoice, browse_entries
from emotune.library.track import Track
from emotune.mood_space import TRACK_MOODS
from emotune.ui.browse_pane import BrowsePane
from emotune.ui.empty_state import EmptyState
from emotune.ui.library_columns import LibraryColumns
from emotune.ui.library_model import Column, LibraryTableModel
from emotune.ui.mood_delegate import MoodDelegate
from emotune.ui.theme import icon


class LibraryView(QWidget):
    track_activated = Signal(object, list)  # the track, the visible tracks it was chosen among
    play_next_requested = Signal(list)  # tracks, in table order, to play right after the current one
    queue_requested = Signal(list)  # tracks, in table order, to add to the end of the user's queue
    browsing_toggled = Signal(bool)  # the browse pane was shown or hidden

    def __init__(self, model: LibraryTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, artist, album or mood   (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.play_result)
        self.search.installEventFilter(self)  # Esc clears it
        self.count_label = QLabel()
        self.count_label.setObjectName("Dim")
        self.browse_button = QToolButton()
        self.browse_button.setText("Browse")
        self.browse_button.setCheckable(True)
        self.browse_button.setToolTip("Narrow the table by genre, artist and album")
        self.browse_button.toggled.connect(self._browse_button_toggled)
        self.browse_pane = BrowsePane()
        self.browse_pane.hide()
        self.browse_pane.choice_changed.connect(self._browse_choice_changed)

        self.table = QTableView()
        self.table.setModel(model)  # no proxy: the model sorts and searches itself, see library_model
        self.table.setItemDelegateForColumn(Column.MOOD, MoodDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # queue several at once
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.SelectedClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setHighlightSections(False)
        self.columns = LibraryColumns(self.table)
        self.table.activated.connect(self._activated)  # double-click, or Enter on a row
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.empty_state = EmptyState()
        table_page = QWidget()
        page_layout = QVBoxLayout(table_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(8)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        search_row.addWidget(self.browse_button)
        page_layout.addLayout(search_row)
        page_layout.addWidget(self.browse_pane, 2)  # 2:5 of the height, so an 800x600 window keeps 4 rows
        page_layout.addWidget(self.table, 5)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(table_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        model.modelReset.connect(self._contents_changed)
        self._contents_changed()

    # -- state ---------------------------------------------------------
    @property
    def showing_empty_state(self) -> bool:
        return self.pages.currentWidget() is self.empty_state

    def _contents_changed(self) -> None:
        has_tracks = self.model.track_count > 0
        self.pages.setCurrentIndex(1 if has_tracks else 0)
        self._update_count()
        self._update_browse_lists()

    def _update_count(self) -> None:
        total, shown = self.model.track_count, self.model.rowCount()
        self.count_label.setText(f"{total} tracks" if shown == total else f"{shown} of {total} tracks")

    def focus_search(self) -> None:
        if not self.showing_empty_state:
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        self.model.set_search(text)
        self._update_count()
        self._update_browse_lists()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape):
            if self.search.text():
                self.search.clear()
                return True
            if not self.browse_pane.choice.is_everything:
                self.browse_pane.choose(BrowseChoice())
                return True
        return super().eventFilter(watched, event)

    # -- browsing ------------------------------------------------------
    @property
    def browsing(self) -> bool:
        return self.browse_button.isChecked()

    def set_browsing(self, on: bool) -> None:
        """Show or hide the browse pane; hidden, it narrows nothing."""
        self.browse_button.setChecked(on)  # toggled -> _browse_button_toggled

    def _browse_button_toggled(self, on: bool) -> None:
        self.browse_pane.setVisible(on)
        if on:
            self._update_browse_lists()
        else:
            self.browse_pane.choose(BrowseChoice())
        self.browsing_toggled.emit(on)

    def _browse_choice_changed(self, choice: BrowseChoice) -> None:
        self.model.set_browse_choice(choice)
        self._update_count()
        self._update_browse_lists()

    def _update_browse_lists(self) -> None:
        """What the lists offer follows the search and the choice; counted only while they are shown."""
        if self.browsing:
            self.browse_pane.show_entries(browse_entries(self.model.found_tracks(), self.browse_pane.choice))

    # -- actions -------------------------------------------------------
    def play_result(self) -> None:
        """Enter in the search box: play the selected result, else the first one."""
        selected = self.table.selectionModel().selectedRows()
        track = self.model.track_at(selected[0].row() if selected else 0)
        if track is not None:
            self.track_activated.emit(track, self.model.tracks())

    def _activated(self, index: QModelIndex) -> None:
        if index.column() == Column.MOOD and self.table.state() == QAbstractItemView.State.EditingState:
            return
        track = self.model.track_at(index.row())
        if track is not None:
            self.track_activated.emit(track, self.model.tracks())

    def select_track(self, track: Track) -> None:
        row = self.model.row_of(track.id)
        if row is None:
            return
        self.table.scrollTo(self.model.index(row, 0))

    def _context_menu(self, point: QPoint) -> None:
        menu = self.menu_at(point)
        if menu is not None:
            menu.popup(self.table.viewport().mapToGlobal(point))

    def menu_at(self, point: QPoint) -> QMenu | None:
        """The context menu for the row at ``point`` (in the table's viewport), acting on the selected
        rows when that row is one of them."""
        index = self.table.indexAt(point)
        track = self.model.track_at(index.row()) if index.isValid() else None
        if track is None:
            return None
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        selected = [self.model.track_at(row) for row in rows] if index.row() in rows else [track]
        return self.build_context_menu(track, [item for item in selected if item is not None])

    def build_context_menu(self, track: Track, selected: list[Track] | None = None) -> QMenu:
        """The menu for the row of ``track``; Play next and Add to queue act on all of ``selected``."""
        chosen = selected or [track]
        menu = QMenu(self)
        play = menu.addAction(icon("play"), "Play")
        play.triggered.connect(lambda: self.track_activated.emit(track, self.model.tracks()))
        several = f" ({len(chosen)} tracks)" if len(chosen) > 1 else ""
        play_next = menu.addAction(f"Play next{several}")
        play_next.setToolTip("Right after the track that plays now, before the rest of the queue")
        play_next.triggered.connect(lambda: self.play_next_requested.emit(list(chosen)))
        add = menu.addAction(icon("queue"), f"Add to queue{several}")
        add.setToolTip("After your other picks; the mood DJ's picks follow them")
        add.triggered.connect(lambda: self.queue_requested.emit(list(chosen)))
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        folder = menu.addAction("Show in folder")
        folder.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(track.path).parent))))
        moods = menu.addMenu("Set mood")
        edited = self.model.user_mood_edited
        automatic = QAction("Automatic (from tags, folder or audio)", moods)
        automatic.triggered.connect(lambda: edited.emit(track.id, None))
        moods.addAction(automatic)
        moods.addSeparator()
        for mood in TRACK_MOODS:
            action = moods.addAction(mood.title())
            action.setCheckable(True)
            action.setChecked(track.mood == mood and track.mood_source == "user")
            action.triggered.connect(lambda _checked=False, m=mood: edited.emit(track.id, m))
        return menu
