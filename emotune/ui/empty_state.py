"""What the library page shows while there is nothing to list: a friendly message and the ways forward."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from emotune.ui.theme import icon


class EmptyState(QWidget):
    add_folder_clicked = Signal()
    demo_library_clicked = Signal()
    music_folder_clicked = Signal(str)  # the offered folder

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._music_folder: Path | None = None
        art = QLabel()
        art.setPixmap(icon("app").pixmap(QSize(72, 72)))
        art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel("Your library is empty")
        self.title.setObjectName("EmptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setObjectName("Dim")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setFixedWidth(480)

        self.music_folder_button = QPushButton(icon("folder-add", on_accent=True), "")
        self.music_folder_button.setObjectName("Primary")
        self.music_folder_button.clicked.connect(self._music_folder_chosen)
        self.add_folder_button = QPushButton(icon("folder-add"), "Add music folder…")
        self.add_folder_button.clicked.connect(self.add_folder_clicked)
        self.demo_button = QPushButton(icon("sparkles"), "Create demo library")
        self.demo_button.setToolTip("Generate a few short tracks, one folder per mood, to try Emotune at once.")
        self.demo_button.clicked.connect(self.demo_library_clicked)
        for button in (self.music_folder_button, self.add_folder_button, self.demo_button):
            button.setIconSize(QSize(18, 18))
            button.setMinimumHeight(38)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.music_folder_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(art)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(14)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.show_no_library(None)

    def show_no_library(self, offered_music_folder: Path | None) -> None:
        """No folder configured yet; on first start the user's music folder is offered too."""
        self._music_folder = offered_music_folder
        self.title.setText("Welcome to Emotune")
        self.text.setText("Emotune plays music that fits your mood, read from your face. "
                          "Start by adding a folder with music, or try it with a small generated demo library.")
        self.music_folder_button.setVisible(offered_music_folder is not None)
        if offered_music_folder is not None:
            self.music_folder_button.setText(f"Use {offered_music_folder}")
            self.add_folder_button.setText("Choose another folder…")
        else:
            self.add_folder_button.setText("Add music folder…")

    def show_nothing_found(self, folders: list[str]) -> None:
        self._music_folder = None
        self.music_folder_button.hide()
        self.add_folder_button.setText("Add music folder…")
        self.title.setText("No music found")
        names = ", ".join(folders[:3]) + ("…" if len(folders) > 3 else "")
        self.text.setText(f"Emotune found no playable audio in {names}. Add another folder, "
                          "or create the demo library to try Emotune now.")

    def show_scanning(self) -> None:
        self.music_folder_button.hide()
        self.title.setText("Reading your music…")
        self.text.setText("The first tracks appear here as soon as the scan finishes. Progress is in the status bar.")

    def _music_folder_chosen(self) -> None:
        if self._music_folder is not None:
            self.music_folder_clicked.emit(str(self._music_folder))
