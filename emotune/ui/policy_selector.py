"""Segmented choosers in the header: where music comes from (Local/Spotify) and how mood picks it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from emotune.mood_space import TRACK_MOODS

POLICY_TOOLTIPS = {
    "match": "Play music that matches the mood the camera reads",
    "lift": "Start near your mood, then step by step towards a better one (sad → calm → happy)",
    "manual": "Ignore the camera and play the mood you pick",
}


class Segmented(QWidget):
    """A row of exclusive, checkable buttons; ``chosen`` says which value the user picked."""

    chosen = Signal(str)

    def __init__(self, options: list[tuple[str, str]], tooltips: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for value, text in options:
            button = QToolButton()
            button.setObjectName("Segment")
            button.setText(text)
            button.setCheckable(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip((tooltips or {}).get(value, ""))
            button.clicked.connect(lambda _checked=False, v=value: self.chosen.emit(v))
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)

    def set_value(self, value: str) -> None:
        if value in self.buttons:
            self.buttons[value].setChecked(True)

    def value(self) -> str:
        return next((value for value, button in self.buttons.items() if button.isChecked()), "")


class PolicySelector(QWidget):
    policy_chosen = Signal(str)
    manual_mood_chosen = Signal(str)

    def __init__(self, policy: str, manual_mood: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segments = Segmented([("match", "Match"), ("lift", "Lift"), ("manual", "Manual")], POLICY_TOOLTIPS)
        self.segments.chosen.connect(self._policy_clicked)
        self.mood_combo = QComboBox()
        for mood in TRACK_MOODS:
            self.mood_combo.addItem(mood.title(), mood)
        self.mood_combo.setToolTip("The mood played in Manual mode")
        self.mood_combo.activated.connect(lambda _i: self.manual_mood_chosen.emit(self.mood_combo.currentData()))
        keep_place = self.mood_combo.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)  # so choosing Manual does not push the header sideways
        self.mood_combo.setSizePolicy(keep_place)
        self.label = QLabel("Music follows")
        self.label.setObjectName("Dim")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.segments)
        layout.addWidget(self.mood_combo)
        self.set_policy(policy)
        self.set_manual_mood(manual_mood)

    def set_policy(self, policy: str) -> None:
        self.segments.set_value(policy)
        self.mood_combo.setVisible(policy == "manual")

    def set_manual_mood(self, mood: str) -> None:
        index = self.mood_combo.findData(mood)
        if index >= 0:
            self.mood_combo.setCurrentIndex(index)

    def _policy_clicked(self, policy: str) -> None:
        self.mood_combo.setVisible(policy == "manual")
        self.policy_chosen.emit(policy)
