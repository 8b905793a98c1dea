"""The strip along the top: the app's name, where music comes from, how mood picks it, and the
folder and settings buttons."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from emotune.ui.policy_selector import PolicySelector, Segmented
from emotune.ui.theme import icon

SOURCE_TOOLTIPS = {"local": "Music from your library folders", "spotify": "Music from your Spotify account"}


def _tool_button(icon_name: str, tooltip: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(icon_name))
    button.setIconSize(QSize(20, 20))
    button.setToolTip(tooltip)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class HeaderBar(QWidget):
    def __init__(self, source: str, policy: str, manual_mood: str, spotify_available: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(QSize(26, 26)))
        name = QLabel("Emotune")
        name.setStyleSheet("font-size: 17px; font-weight: 700;")
        self.source_switch = Segmented([("local", "Local"), ("spotify", "Spotify")], SOURCE_TOOLTIPS)
        self.source_switch.set_value(source if spotify_available else "local")
        if not spotify_available:
            spotify = self.source_switch.buttons["spotify"]
            spotify.setEnabled(False)
            spotify.setToolTip("Spotify support is not part of this installation")
        self.policy_selector = PolicySelector(policy, manual_mood)
        self.add_folder_button = _tool_button("folder-add", "Add a music folder (Ctrl+O)")
        self.settings_button = _tool_button("settings", "Settings (Ctrl+,)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(logo)
        layout.addWidget(name)
        layout.addSpacing(18)
        layout.addWidget(self.source_switch)
        layout.addStretch(1)
        layout.addWidget(self.policy_selector)
        layout.addSpacing(12)
        layout.addWidget(self.add_folder_button)
        layout.addWidget(self.settings_button)

    def resizeEvent(self, event) -> None:
        """Narrower than everything needs (an 800 px window), the "Music follows" label gives way, so
        the mode buttons keep their words instead of showing "…"."""
        super().resizeEvent(event)
        label = self.policy_selector.label
        spacing = self.policy_selector.layout().spacing()
        need = self.layout().sizeHint().width() + (label.sizeHint().width() + spacing if label.isHidden() else 0)
        label.setHidden(event.size().width() < need)
