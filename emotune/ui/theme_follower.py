"""Keeps the application's theme what the ``theme`` setting asks for: light, dark, or the system's scheme,
followed while Emotune runs (the desktop switching to dark at sunset switches Emotune too)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from emotune.settings import Settings
from emotune.ui.palette import Palette, palette_for
from emotune.ui.theme import apply_theme


class ThemeFollower(QObject):
    """Applies the chosen palette at once: at start, when the setting changes, when the system's does."""

    def __init__(self, app: QApplication, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.settings = settings
        self.palette: Palette | None = None
        self._system = app.styleHints().colorScheme()
        app.styleHints().colorSchemeChanged.connect(self._system_changed)
        settings.on_change.append(self._setting_changed)
        self.apply()

    def _system_changed(self, scheme: Qt.ColorScheme) -> None:
        self._system = scheme
        self.apply()

    def _setting_changed(self, name: str) -> None:
        if name == "theme":
            self.apply()

    def apply(self) -> None:
        """Switch to the palette the setting and the system's scheme ask for, if it is not shown already."""
        palette = palette_for(self.settings.get("theme"), self._system)
        if palette is not self.palette:
            self.palette = palette
            apply_theme(self.app, palette)
