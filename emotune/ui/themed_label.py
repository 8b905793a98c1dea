"""A rich-text label whose colours come from the palette, so they follow a change of theme.

Markup names colours as text (``<span style='color:#F5C542'>``), which a new palette cannot reach; the
label keeps the function that wrote its markup and runs it again when its palette changes.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget


class ThemedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self._markup: Callable[[], str] | None = None
        self._written: str | None = None

    def show_markup(self, markup: Callable[[], str]) -> None:
        """Show what ``markup()`` returns now, and again after each change of theme."""
        self._markup = markup
        self._write()

    def _write(self) -> None:
        self._written = self._markup()
        self.setText(self._written)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() != QEvent.Type.PaletteChange or self._markup is None:
            return
        if self.text() == self._written:
            self._write()
        else:  # plain setText() has shown something else since
            self._markup = None
