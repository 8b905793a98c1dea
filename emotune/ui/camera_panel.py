"""The camera card: live preview with the followed face boxed, the on/off toggle, and what to do when
there is no camera (use a video file instead) or a video was chosen (back to the webcam).

The panel shows state and says what the user clicked; starting and stopping the perception worker is
the controller's job.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPen
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget,
                               QToolButton, QVBoxLayout, QWidget)

from emotune.errors import EmotuneError
from emotune.ui.emotion_panel import card_title
from emotune.ui.live_text import LiveText, Tone
from emotune.ui.palette import current_palette
from emotune.ui.theme import rounded_tile_painter
from emotune.ui.themed_icon import IconView, icon

VIDEO_FILTER = "Videos (*.mp4 *.avi *.mkv *.mov *.webm *.m4v);;All files (*)"
OFF_TEXT = "The camera is released and your mood is not read. Ctrl+K turns it on."


class CameraPreview(QWidget):
    """Paints the latest frame (aspect kept, rounded) and the face boxes; the followed one stands out.

    ``size_changed`` says how many device pixels it shows, so frames can be made that size and painted
    without scaling them again on the GUI thread 15 times a second."""

    size_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.faces: list[tuple[float, float, float, float]] = []
        self.followed: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 150)
        # 15 frames a second: painted whole (corners in the card's colour), so no repaint of the cards
        # and the window beneath it.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        width = max(self.width(), self.minimumWidth())
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """As tall as the frame is at this width (4:3 until the first frame says otherwise)."""
        aspect = self.image.height() / self.image.width() if self.image is not None and self.image.width() else 0.75
        return int(width * aspect)

    def resizeEvent(self, event) -> None:
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the wanted height follows the width
        ratio = self.devicePixelRatioF()
        self.size_changed.emit(round(event.size().width() * ratio), round(event.size().height() * ratio))
        super().resizeEvent(event)

    def set_frame(self, image: QImage) -> None:
        self.image = image
        self.update()  # Qt merges many update() calls into one paint

    def set_faces(self, boxes: list[tuple[float, float, float, float]], followed: int | None) -> None:
        self.faces, self.followed = boxes, followed

    def clear(self) -> None:
        self.image, self.faces, self.followed = None, [], None
        self.update()

    def paintEvent(self, event) -> None:
        palette = current_palette()
        painter = rounded_tile_painter(self, palette.background, backdrop=palette.surface)
        if self.image is None or self.image.isNull():
            painter.setPen(QColor(palette.text_dim))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Waiting for the first frame…")
            return
        iw, ih = self.image.width(), self.image.height()
        scale = min(self.width() / iw, self.height() / ih)
        # Whole pixels: a frame made at this size is then copied as it is, not resampled.
        target = QRectF(round((self.width() - iw * scale) / 2), round((self.height() - ih * scale) / 2),
                        round(iw * scale), round(ih * scale))
        painter.drawImage(target, self.image)
        for i, (x, y, w, h) in enumerate(self.faces):
            followed = i == self.followed
            color = QColor(palette.accent if followed else "#FFFFFF")  # over the picture
            if not followed:
                color.setAlpha(110)
            painter.setPen(QPen(color, 2.5 if followed else 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(target.left() + x * scale, target.top() + y * scale, w * scale, h * scale), 6, 6)


class _Message(QWidget):
    """An icon, a headline, a line of help and an optional button, centred."""

    def __init__(self, icon_name: str, title: str, text: str, *buttons: QPushButton) -> None:
        super().__init__()
        art = IconView(icon(icon_name), QSize(40, 40))
        self.title = QLabel(title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight: 600;")
        self.text = QLabel(text)
        self.text.setObjectName("Dim")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the card has its margins; two buttons side by side fit at 800x600
        layout.addStretch(1)
        layout.addWidget(art, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        if buttons:
            row = QHBoxLayout()
            row.addStretch(1)
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addStretch(1)


class CameraPanel(QFrame):
    camera_toggled = Signal(bool)
    video_file_chosen = Signal(str)
    webcam_chosen = Signal()  # back from a video to the webcam
    calibrate_requested = Signal()

    def __init__(self, show_preview: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.show_preview = show_preview
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setIconSize(QSize(18, 18))
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle.toggled.connect(self._toggled)
        self.status = LiveText(tone=Tone.FAINT, width_hint="30 fps · 12 ms",  # rewritten every second
                               alignment=Qt.AlignmentFlag.AlignRight)

        self.video_name: str | None = None  # the video read instead of the webcam (set_video_chosen)
        self.preview = CameraPreview()
        self.turn_on_button = QPushButton(icon("camera"), "Turn camera on")
        self.turn_on_button.clicked.connect(self._turn_on_clicked)
        self.off_video_button = QPushButton(icon("video"), "Use a video file…")
        self.off_video_button.clicked.connect(self.choose_video_file)
        self.off_page = _Message("camera-off", "Camera is off", OFF_TEXT, self.turn_on_button, self.off_video_button)
        video_button = QPushButton(icon("video"), "Use a video file…")
        video_button.clicked.connect(self.choose_video_file)
        self.no_camera_page = _Message("camera-off", "No camera found",
                                       "Connect a webcam, pick another device in Settings, or read faces from a video.",
                                       video_button)
        self.hidden_page = _Message("camera", "Preview hidden",
                                    "The camera is on and your mood is read; the picture is just not shown.")
        other_video_button = QPushButton(icon("video"), "Use another video…")
        other_video_button.clicked.connect(self.choose_video_file)
        self.problem_webcam_button = QPushButton(icon("camera"), "Use the webcam")
        self.problem_webcam_button.clicked.connect(self.webcam_chosen)
        self.problem_page = _Message("video", "", "", other_video_button,  # a video that cannot be (fully) read
                                     self.problem_webcam_button)
        self.pages = QStackedWidget()
        for page in (self.preview, self.off_page, self.no_camera_page, self.hidden_page, self.problem_page):
            self.pages.addWidget(page)

        header = QHBoxLayout()
        header.addWidget(card_title("Camera"))
        header.addWidget(self.status, 1)  # takes the free width, its text to the right
        self.calibrate_button = QToolButton()
        self.calibrate_button.setText("Calibrate")
        self.calibrate_button.setToolTip("Calibrate to my face: relax for 8 s so that your resting face reads neutral")
        self.calibrate_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calibrate_button.clicked.connect(self.calibrate_requested)
        header.addWidget(self.calibrate_button)
        header.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        self.set_video_chosen(None)
        self.set_camera_on(False)

    # -- state shown -----------------------------------------------------
    @property
    def camera_on(self) -> bool:
        return self.toggle.isChecked()

    def set_camera_on(self, on: bool) -> None:
        """Show the on/off state without emitting ``camera_toggled``."""
        self.toggle.blockSignals(True)
        self.toggle.setChecked(on)
        self.toggle.blockSignals(False)
        self._show_toggle_state(on)

    def _show_toggle_tip(self, on: bool) -> None:
        source = "the camera" if self.video_name is None else "face reading"
        self.toggle.setToolTip(f"Turn {source} {'off' if on else 'on'} (Ctrl+K)")

    def _show_toggle_state(self, on: bool) -> None:
        self.toggle.setIcon(icon("camera" if on else "camera-off"))
        self._show_toggle_tip(on)
        if on:
            self.pages.setCurrentWidget(self.preview if self.show_preview else self.hidden_page)
            self.status.setText("Starting…")
        else:
            self.preview.clear()
            self.pages.setCurrentWidget(self.off_page)
            self.status.setText("Off")

    def set_video_chosen(self, path: str | None) -> None:
        """A video is read instead of the webcam (its path), or the webcam again (None): the toggle reads
        the video again, and the off page offers the webcam."""
        self.video_name = Path(path).name if path else None
        chosen = self.video_name is not None
        self.turn_on_button.setText("Use the webcam" if chosen else "Turn camera on")
        self.off_video_button.setText("Use another video…" if chosen else "Use a video file…")
        self.off_page.title.setText("Face reading is off" if chosen else "Camera is off")
        self.off_page.text.setText(f"Your mood is not read. Ctrl+K reads {self.video_name} again." if chosen
                                   else OFF_TEXT)
        self.problem_webcam_button.setVisible(chosen)
        self._show_toggle_tip(self.camera_on)

    def _turn_on_clicked(self) -> None:
        if self.video_name is not None:
            self.webcam_chosen.emit()
        else:
            self.toggle.setChecked(True)

    def _toggled(self, on: bool) -> None:
        self._show_toggle_state(on)
        self.camera_toggled.emit(on)

    def set_show_preview(self, show: bool) -> None:
        self.show_preview = show
        if self.camera_on and self.pages.currentWidget() in (self.preview, self.hidden_page):
            self.pages.setCurrentWidget(self.preview if show else self.hidden_page)

    def show_no_camera(self, detail: "str | EmotuneError" = "") -> None:
        """No camera answered (a sentence), or a video failed (its EmotuneError: see ``show_source_problem``)."""
        if isinstance(detail, EmotuneError):
            self.show_source_problem(detail)
            return
        self.set_camera_on(False)
        self.pages.setCurrentWidget(self.no_camera_page)
        self.status.setText("No camera")
        if detail:  # the detail already says what to do
            self.no_camera_page.text.setText(detail)

    def show_source_problem(self, error: EmotuneError) -> None:
        """Say in the body why a video cannot be read (missing, unreadable, empty, cut short); the toggle
        keeps showing whether face reading still runs."""
        self.preview.clear()
        self.problem_page.title.setText(error.short)
        self.problem_page.text.setText(error.detail)
        self.pages.setCurrentWidget(self.problem_page)
        self.status.setText(error.short)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def show_frame(self, image: QImage) -> None:
        if self.show_preview and self.camera_on:
            self.preview.set_frame(image)

    def choose_video_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Read faces from a video", "", VIDEO_FILTER)
        if path:
            self.video_file_chosen.emit(path)
