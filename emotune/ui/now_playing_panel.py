"""What is playing: album art, title, artist, album and the track's mood, plus the seek bar."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QStyle, QVBoxLayout, QWidget

from emotune.library.track import Track
from emotune.ui.elided_label import ElidedLabel
from emotune.ui.library_model import format_time, source_text
from emotune.ui.palette import current_palette
from emotune.ui.theme import icon, mood_color, rounded_tile_painter
from emotune.ui.themed_label import ThemedLabel

ART_SIZE = 64


class AlbumArt(QWidget):
    """A rounded square with the cover, or a note on a plain tile when the file has none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(ART_SIZE, ART_SIZE)
        self._cover: QPixmap | None = None
        self._placeholder = icon("music-note")

    @property
    def has_cover(self) -> bool:
        return self._cover is not None

    def set_cover(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        self._cover = pixmap if data and pixmap.loadFromData(data) else None
        self.update()

    def paintEvent(self, event) -> None:
        painter = rounded_tile_painter(self, current_palette().raised)
        if self._cover is not None:
            scaled = self._cover.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                        Qt.TransformationMode.SmoothTransformation)
            painter.drawPixmap((self.width() - scaled.width()) // 2, (self.height() - scaled.height()) // 2, scaled)
        else:
            self._placeholder.paint(painter, QRect((self.width() - 34) // 2, (self.height() - 34) // 2, 34, 34))


class NowPlayingPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.track: Track | None = None
        self.art = AlbumArt()
        self.title = ElidedLabel("Nothing playing")
        self.title.setObjectName("TrackTitle")
        self.subtitle = ElidedLabel("Double-click a track, or let your mood choose")
        self.subtitle.setObjectName("Dim")
        self.mood = ThemedLabel()
        self.mood.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # title and subtitle: tags are text, never markup, and end in "…" where the bar is too narrow
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addStretch(1)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        text.addWidget(self.mood)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.art)
        layout.addLayout(text, 1)

    def set_track(self, track: Track | None) -> None:
        self.track = track
        self.art.set_cover(None)
        if track is None:
            self.title.setText("Nothing playing")
            self.subtitle.setText("Double-click a track, or let your mood choose")
            self.mood.setText("")
            return
        self.title.setText(track.display_title)
        self.title.setToolTip(track.path)
        parts = [part for part in (track.artist, track.album) if part]
        self.subtitle.setText(" — ".join(parts))  # blank like the table's cells, not a made-up "Unknown"
        self.show_mood(track)

    def show_mood(self, track: Track) -> None:
        self.mood.show_markup(lambda: self._mood_markup(track))

    @staticmethod
    def _mood_markup(track: Track) -> str:
        faint = current_palette().text_faint
        if not track.mood:
            return f"<span style='color:{faint}'>Mood not yet known</span>"
        source = source_text(track)
        return (f"<span style='color:{mood_color(track.mood).name()}'>●</span> {track.mood.title()}"
                + (f" <span style='color:{faint}'>· from {source.lower()}</span>" if source else ""))

    def set_cover(self, track_id: int | None, data: bytes | None) -> None:
        """Album art read in the background; ignored if another track started meanwhile."""
        if self.track is not None and self.track.id == track_id:
            self.art.set_cover(data)


class SeekSlider(QSlider):
    """A horizontal slider that jumps to where it is clicked."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), int(event.position().x()), self.width())
            self.setValue(value)
        super().mousePressEvent(event)


class SeekBar(QWidget):
    """Elapsed time, a slider to seek with, total time. Updates are ignored while the user drags."""

    position_chosen = Signal(float)  # seconds

    SCALE = 10  # slider steps per second

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = SeekSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setEnabled(False)
        self.slider.sliderReleased.connect(self._released)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.elapsed = QLabel("0:00")
        self.total = QLabel("0:00")
        for label in (self.elapsed, self.total):
            label.setObjectName("Dim")
            label.setMinimumWidth(42)
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.total)

    def set_position(self, position_s: float, duration_s: float) -> None:
        if self.slider.isSliderDown():
            return
        self.slider.setEnabled(duration_s > 0)
        self.slider.setRange(0, int(duration_s * self.SCALE))
        self.slider.setValue(int(position_s * self.SCALE))
        self.elapsed.setText(format_time(position_s))
        self.total.setText(format_time(duration_s))

    def reset(self) -> None:
        self.set_position(0.0, 0.0)

    def _released(self) -> None:
        seconds = self.slider.value() / self.SCALE
        self.elapsed.setText(format_time(seconds))
        self.position_chosen.emit(seconds)
