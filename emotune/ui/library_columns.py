"""The library table's columns: where each is shown, how wide, and the header state kept with the window.

Until the user drags a column's edge the columns fit the table: each starts from a width its contents
need and Title, Artist, Album and Genre share what is left, 3:2:3:1, so a wide window widens the album
as much as the title (a stretched Title left Album cut off at any size). Once the user has
resized a column, the widths are theirs: kept as they are, and restored at the next start.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

from emotune.ui.library_model import Column

SHOWN_ORDER = (Column.TRACK_NUMBER, Column.TITLE, Column.ARTIST, Column.ALBUM, Column.YEAR, Column.GENRE,
               Column.DURATION, Column.MOOD, Column.SOURCE)
"""Left to right on a first start."""

START_WIDTHS = {Column.TRACK_NUMBER: 40, Column.TITLE: 140, Column.ARTIST: 100, Column.ALBUM: 140, Column.YEAR: 54,
                Column.GENRE: 72, Column.DURATION: 58, Column.MOOD: 116, Column.SOURCE: 104}
SHARES = {Column.TITLE: 3, Column.ARTIST: 2, Column.ALBUM: 3, Column.GENRE: 1}
"""How the width beyond START_WIDTHS is shared out while the columns fit the table."""


class LibraryColumns(QObject):
    """Lays out the columns of ``table`` and fits them to its width until the user resizes one."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.fitting = True
        self._adjusting = False
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(32)
        with self._adjustment():
            self._place(list(Column))
            for column, width in START_WIDTHS.items():
                header.resizeSection(column, width)
        header.sectionResized.connect(self._section_resized)
        table.viewport().installEventFilter(self)

    @contextmanager
    def _adjustment(self) -> Iterator[None]:
        """Resizes made inside are the columns' own, not the user's."""
        self._adjusting = True
        try:
            yield
        finally:
            self._adjusting = False

    def _place(self, columns: list[Column]) -> None:
        """Move ``columns`` to where SHOWN_ORDER puts them, the others keeping their order around them."""
        header = self.table.horizontalHeader()
        for position, column in enumerate(SHOWN_ORDER):
            if column in columns:
                header.moveSection(header.visualIndex(column), min(position, header.count() - 1))

    def fit(self) -> None:
        """Share the table's width out among the columns (nothing while the user's widths hold)."""
        if not self.fitting:
            return
        header = self.table.horizontalHeader()
        shown = [column for column in Column if not header.isSectionHidden(column)]
        spare = max(0, self.table.viewport().width() - sum(START_WIDTHS[column] for column in shown))
        shares = {column: SHARES.get(column, 0) for column in shown}
        total = sum(shares.values()) or 1
        with self._adjustment():
            for column in shown:
                header.resizeSection(column, START_WIDTHS[column] + spare * shares[column] // total)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit()
        return False

    def _section_resized(self, _column: int, _old: int, _new: int) -> None:
        if not self._adjusting:
            self.fitting = False  # the user dragged an edge (or double-clicked it)

    # -- kept with the window ------------------------------------------------
    def state(self) -> tuple[str, bool]:
        """The header's state (order, widths, sort) as base64 text, and whether the columns fit the table."""
        return bytes(self.table.horizontalHeader().saveState().toBase64()).decode("ascii"), self.fitting

    def restore(self, state: object, fitting: object) -> None:
        """Take back a ``state()``. A header saved before the track number, year and genre columns
        (``fitting`` None) keeps its order and sort; the new columns go to their places and all fit."""
        if not isinstance(state, str):
            return
        header = self.table.horizontalHeader()
        with self._adjustment():
            if not header.restoreState(QByteArray.fromBase64(state.encode("ascii"))):
                return
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # an old header stretched Title
            if fitting is None:
                self._place([Column.TRACK_NUMBER, Column.YEAR, Column.GENRE])
        self.fitting = fitting is not False
        self.fit()

