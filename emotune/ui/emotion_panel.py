"""The listener's mood as the app reads it: emotion bars, the current mood and why this track plays."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from emotune.ui.emotion_bars import EmotionBars
from emotune.ui.theme import mood_color


def card_title(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setObjectName("CardTitle")
    return label


class EmotionPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.headline = QLabel("No face yet")
        self.headline.setObjectName("MoodHeadline")
        self.confidence = QLabel("Look at the camera, or choose a video")
        self.confidence.setObjectName("Dim")
        self.bars = EmotionBars()
        self.reason = QLabel()
        self.reason.setObjectName("Dim")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.RichText)
        self.reason.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(card_title("Your mood"))
        layout.addWidget(self.headline)
        layout.addWidget(self.confidence)
        layout.addSpacing(4)
        layout.addWidget(self.bars)
        layout.addSpacing(4)
        layout.addWidget(self.reason)
        self.show_reason("")
        self._mood: str | None = None

    def show_result(self, result) -> None:
        """A FrameResult from the pipeline (smoothed_probs, raw_probs, mood, mood_confidence)."""
        self.bars.set_probabilities(result.smoothed_probs, result.raw_probs)
        mood = result.mood
        if mood != self._mood:
            self._mood = mood
            if mood:
                self.headline.setText(f"<span style='color:{mood_color(mood).name()}'>●</span> {mood.title()}")
            else:
                self.headline.setText("No face in view")
        if mood:
            seen = "" if result.raw_probs is not None else " · face lost, holding"
            self.confidence.setText(f"Confidence {round(result.mood_confidence * 100)}%{seen}")
        else:
            self.confidence.setText("Bars fade until a face is back")

    def show_camera_off(self) -> None:
        self._mood = None
        self.bars.clear()
        self.headline.setText("Camera off")
        self.confidence.setText("Your mood is not being read")

    def show_manual(self, mood: str) -> None:
        self.reason.setText(f"<b>Manual</b>: playing <span style='color:{mood_color(mood).name()}'>{mood}</span> "
                            "music; the camera does not steer.")

    def show_reason(self, reason: str) -> None:
        self.reason.setText(f"<b>Why this track</b>: {reason}" if reason else
                            "<b>Why this track</b>: nothing chosen by mood yet")
