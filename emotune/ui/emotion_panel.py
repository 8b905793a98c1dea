"""The listener's mood as the app reads it: emotion bars, the current mood and why this track plays."""
from __future__ import annotations

import html
import time

import numpy as np

from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from emotune.inference.mood_smoother import SmootherParams
from emotune.mood_space import EMOTIONS
from emotune.ui.emotion_bars import EmotionBars
from emotune.ui.live_text import LiveText, Tone
from emotune.ui.theme import mood_color
from emotune.ui.themed_label import ThemedLabel

NO_FACE_AFTER_S = 1.0
"""A face missed for a moment (a blink, a head turn) is not "no face": the tracker forgives 1 s too."""
HOLD_S = SmootherParams.hold_s
FIGURES_EVERY_S = 1.0
"""The percentages under the headline are rewritten at most this often while what they say stays the
same: figures that flicker at the analysis rate cannot be read (4.7 new texts a second before)."""


def card_title(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setObjectName("CardTitle")
    return label


class EmotionPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.headline = ThemedLabel("No face yet")
        self.headline.setObjectName("MoodHeadline")
        self.confidence = LiveText("Look at the camera, or choose a video", Tone.DIM)
        self.bars = EmotionBars()
        self.bars.setToolTip("Each bar is your mood over the last few seconds, the same reading the mood above "
                             "and the music follow.\nThe thin tick is what this single camera frame read.")
        self.legend = QLabel("Bars: the last few seconds · tick: this frame")
        self.legend.setObjectName("Faint")
        self.reason = ThemedLabel()
        self.reason.setObjectName("Dim")
        self.reason.setWordWrap(True)
        self.reason.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(card_title("Your mood"))
        layout.addWidget(self.headline)
        layout.addWidget(self.confidence)
        layout.addSpacing(4)
        layout.addWidget(self.bars)
        layout.addWidget(self.legend)
        layout.addSpacing(4)
        layout.addWidget(self.reason)
        self.up_next = ThemedLabel()
        self.up_next.setObjectName("Faint")
        self.up_next.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.up_next)
        self.show_reason("")
        self._mood: str | None = "off"
        self._face_t: float | None = None  # time of the last result with a face
        self._figures_kind: tuple | None = None  # what the line under the headline says, without its figures
        self._figures_at = float("-inf")  # when its figures were last rewritten (monotonic seconds)

    def show_result(self, result) -> None:
        """A FrameResult from the pipeline (t, smoothed_probs, raw_probs, mood, mood_confidence).

        Runs for every processed frame, so labels are only touched when what they say changes. A face
        missing for NO_FACE_AFTER_S (the video ended, the camera is gone, the listener left) reads
        "No face in view", with the held mood and what the smoother does with it below."""
        self.bars.set_probabilities(result.smoothed_probs, result.raw_probs)
        mood, face = result.mood, result.raw_probs is not None
        t = getattr(result, "t", None)
        if face or t is None:
            self._face_t = t
        away = not face and (t is None or self._face_t is None or t - self._face_t >= NO_FACE_AFTER_S)
        headline = "no face" if away or not (mood or face) else (mood or "reading")
        if headline != self._mood:
            self._mood = headline
            if headline == "no face":
                self.headline.setText("No face in view")
            elif mood:
                self.headline.show_markup(
                    lambda: f"<span style='color:{mood_color(mood).name()}'>●</span> {mood.title()}")
            else:
                self.headline.setText("Reading your mood…")
        leader = None
        if mood and away:
            text = (f"{mood.title()} {round(result.mood_confidence * 100)}% · held for {HOLD_S:.0f} s, then relaxing "
                    "to neutral")
        elif mood:
            text = f"Confidence {round(result.mood_confidence * 100)}%"
            leader = EMOTIONS[int(np.argmax(result.smoothed_probs))]
            if leader != mood:  # the bars already lean elsewhere; the mood changes once that holds
                text += f" · {leader.title()} {round(float(np.max(result.smoothed_probs)) * 100)}% rising"
        else:
            text = "Bars fade until a face is back" if not face else "Hold still a moment"
        kind, now = (mood, away, face, leader), time.monotonic()
        if text != self.confidence.text() and (kind != self._figures_kind or now - self._figures_at >= FIGURES_EVERY_S):
            self.confidence.setText(text)
            self._figures_kind, self._figures_at = kind, now

    def show_camera_off(self) -> None:
        self._mood = "off"  # not a mood: the next result always rewrites the headline
        self._face_t = None
        self.bars.clear()
        self.headline.setText("Camera off")
        self.confidence.setText("Your mood is not being read")
        self._figures_kind = None

    def show_manual(self, mood: str) -> None:
        self.reason.show_markup(lambda: f"<b>Manual</b>: playing <span style='color:{mood_color(mood).name()}'>"
                                f"{mood}</span> music; the camera does not steer.")

    def show_up_next(self, track) -> None:
        if track is None:
            self.up_next.setText("")
            return
        def markup() -> str:
            mood = f" · <span style='color:{mood_color(track.mood).name()}'>{track.mood}</span>" if track.mood else ""
            return f"Up next: {html.escape(track.display_title)}{mood}"

        self.up_next.show_markup(markup)

    def show_reason(self, reason: str) -> None:
        self.reason.setText(f"<b>Why this track</b>: {reason}" if reason else
                            "<b>Why this track</b>: nothing chosen by mood yet")
