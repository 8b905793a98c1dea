"""The bar along the bottom of the window: now playing on the left, transport and seek bar in the
middle, the queue's toggle and volume on the right."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from emotune.ui.now_playing_panel import NowPlayingPanel, SeekBar
from emotune.ui.transport_controls import QueueToggle, TransportControls, VolumeControl


class PlayerBar(QFrame):
    def __init__(self, volume: int, shuffle: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NowPlayingBar")
        self.now_playing = NowPlayingPanel()
        self.transport = TransportControls()
        self.transport.set_shuffle(shuffle)
        self.seek_bar = SeekBar()
        self.volume = VolumeControl(volume)
        self.queue_toggle = QueueToggle()
        middle = QVBoxLayout()
        middle.setSpacing(4)
        middle.addWidget(self.transport)
        middle.addWidget(self.seek_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(18)
        layout.addWidget(self.now_playing, 3)
        layout.addLayout(middle, 4)
        right = QHBoxLayout()
        right.addStretch(1)
        right.addWidget(self.queue_toggle)
        right.addWidget(self.volume)
        layout.addLayout(right, 2)
