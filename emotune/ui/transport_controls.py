"""Play/pause, previous, next, shuffle, the queue's toggle and volume: buttons that say what the user
clicked, nothing more."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSlider, QStyle, QToolButton, QWidget

from emotune.player.base_player import PlayerState
from emotune.ui.theme import icon


def _button(name: str, tooltip: str, size: int = 20, fallback: QStyle.StandardPixmap | None = None,
            on_accent: bool = False) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(name, fallback, on_accent=on_accent))
    button.setIconSize(QSize(size, size))
    button.setToolTip(tooltip)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class TransportControls(QWidget):
    play_pause_clicked = Signal()
    previous_clicked = Signal()
    next_clicked = Signal()
    shuffle_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shuffle_button = _button("shuffle", "Shuffle", 18)
        self.shuffle_button.setCheckable(True)
        self.shuffle_button.toggled.connect(self.shuffle_toggled)
        self.previous_button = _button("previous", "Previous (Ctrl+Left)", 20, QStyle.StandardPixmap.SP_MediaSkipBackward)
        self.previous_button.clicked.connect(self.previous_clicked)
        self.play_button = _button("play", "Play (Space)", 22, QStyle.StandardPixmap.SP_MediaPlay, on_accent=True)
        self.play_button.setObjectName("PlayButton")
        self.play_button.setFixedSize(44, 44)
        self.play_button.clicked.connect(self.play_pause_clicked)
        self.next_button = _button("next", "Next (Ctrl+Right)", 20, QStyle.StandardPixmap.SP_MediaSkipForward)
        self.next_button.clicked.connect(self.next_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addStretch(1)
        for button in (self.shuffle_button, self.previous_button, self.play_button, self.next_button):
            layout.addWidget(button)
        layout.addSpacing(34)  # balances the shuffle button so play sits in the middle
        layout.addStretch(1)

    def set_state(self, state: PlayerState) -> None:
        playing = state is PlayerState.PLAYING
        self.play_button.setIcon(icon("pause" if playing else "play", on_accent=True))
        self.play_button.setToolTip("Pause (Space)" if playing else "Play (Space)")

    def set_shuffle(self, on: bool) -> None:
        self.shuffle_button.blockSignals(True)
        self.shuffle_button.setChecked(on)
        self.shuffle_button.blockSignals(False)


class QueueToggle(QToolButton):
    """Shows or hides the queue beside the library, and counts the user's picks in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(icon("queue"))
        self.setIconSize(QSize(18, 18))
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.set_count(0)

    def set_count(self, queued: int) -> None:
        self.setText(str(queued) if queued else "")
        self.setToolTip(f"Queue: {queued} picked by you (show or hide)" if queued else "Queue (show or hide)")


class VolumeControl(QWidget):
    volume_changed = Signal(int)

    def __init__(self, volume: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._before_mute = volume or 80
        self.mute_button = _button("volume", "Mute", 18)
        self.mute_button.clicked.connect(self._toggle_mute)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setFixedWidth(110)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setValue(volume)
        self.slider.valueChanged.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.mute_button)
        layout.addWidget(self.slider)
        self._update_icon(volume)

    def volume(self) -> int:
        return self.slider.value()

    def set_volume(self, volume: int) -> None:
        """Move the slider, as the user would: ``volume_changed`` follows."""
        self.slider.setValue(volume)

    def _changed(self, value: int) -> None:
        self._update_icon(value)
        self.slider.setToolTip(f"Volume {value}%")
        self.volume_changed.emit(value)

    def _toggle_mute(self) -> None:
        if self.slider.value() > 0:
            self._before_mute = self.slider.value()
            self.slider.setValue(0)
        else:
            self.slider.setValue(self._before_mute)

    def _update_icon(self, value: int) -> None:
        self.mute_button.setIcon(icon("volume-muted" if value == 0 else "volume"))
        self.mute_button.setToolTip("Unmute" if value == 0 else "Mute")
