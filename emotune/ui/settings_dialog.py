"""The settings dialog: camera, playback, library folders, appearance and Spotify, each on its own page.

The dialog edits a copy; ``apply()`` (run on OK) writes the declared options back into ``Settings`` and
returns the names that changed, so the window reacts to exactly those (restart the camera, rescan…).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QFrame, QHBoxLayout, QLabel, QListWidget, QPushButton, QRadioButton,
                               QScrollArea, QSlider, QTabWidget, QVBoxLayout, QWidget)

from emotune.choices import SWITCH_DESCRIPTIONS, ThemeChoice
from emotune.inference.camera_devices import CameraDevice, list_cameras, with_saved
from emotune.mood_space import TRACK_MOODS
from emotune.player.base_player import OutputDevice
from emotune.settings import OPTIONS_BY_NAME, Settings

POLICY_TEXTS = {"match": "Match my mood", "lift": "Lift my mood (step by step)", "manual": "Manual (I pick the mood)"}
THEME_TEXTS = {ThemeChoice.SYSTEM: "System", ThemeChoice.LIGHT: "Light", ThemeChoice.DARK: "Dark"}


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Faint")
    label.setWordWrap(True)
    return label


def _form_page() -> tuple[QWidget, QFormLayout]:
    """A page of labelled rows, spaced alike on every tab."""
    page = QWidget()
    form = QFormLayout(page)
    form.setContentsMargins(16, 16, 16, 16)
    form.setVerticalSpacing(12)
    return page, form


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, spotify_page: Callable[[QWidget], QWidget] | None = None,
                 parent: QWidget | None = None, cameras: Callable[[], list[CameraDevice]] = list_cameras,
                 output_devices: Callable[[], list[OutputDevice]] | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.cameras = cameras
        self.output_devices = output_devices
        self.setWindowTitle("Emotune settings")
        self.setMinimumSize(560, 460)
        self.resize(640, 620)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._camera_page(), "Camera")
        self.tabs.addTab(self._playback_page(), "Playback")
        self.tabs.addTab(self._library_page(), "Library")
        self.tabs.addTab(self._appearance_page(), "Appearance")
        self.tabs.addTab(self._scrolling(spotify_page(self)) if spotify_page else self._no_spotify_page(), "Spotify")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        for button in buttons.buttons():
            button.setIcon(QIcon())  # some platform themes add icons to OK/Cancel; the rest of the app has none
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    @staticmethod
    def _scrolling(page: QWidget) -> QScrollArea:
        """A tall page scrolls instead of being squeezed when the dialog is small."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        return area

    def _choice(self, option: str, texts: Mapping) -> QComboBox:
        """A drop-down of ``option``'s choices in its words, set to the stored value."""
        box = QComboBox()
        for value in OPTIONS_BY_NAME[option].choices:
            box.addItem(texts[value], value)
        box.setCurrentIndex(box.findData(self.settings.get(option)))
        return box

    # -- pages -----------------------------------------------------------
    def _camera_page(self) -> QWidget:
        page, form = _form_page()
        self.camera_enabled = QCheckBox("Read my mood from the webcam")
        self.camera_enabled.setChecked(self.settings.get("camera_enabled"))
        self.camera_index = QComboBox()
        for camera in with_saved(self.cameras(), self.settings.get("camera_index")):
            self.camera_index.addItem(camera.name, camera.index)
        self.camera_index.setCurrentIndex(self.camera_index.findData(self.settings.get("camera_index")))
        self.camera_index.setToolTip(OPTIONS_BY_NAME["camera_index"].description)
        self.show_preview = QCheckBox("Show the camera preview with the followed face boxed")
        self.show_preview.setChecked(self.settings.get("show_preview"))
        self.responsiveness = QSlider(Qt.Orientation.Horizontal)
        self.responsiveness.setRange(0, 100)
        self.responsiveness.setValue(round(self.settings.get("responsiveness") * 100))
        scale = QHBoxLayout()
        scale.addWidget(_hint("Stable"))
        scale.addWidget(self.responsiveness, 1)
        scale.addWidget(_hint("Quick"))
        form.addRow(self.camera_enabled)
        form.addRow("Camera device", self.camera_index)
        form.addRow(self.show_preview)
        self.low_power = QCheckBox("Low power: read my mood 3 times a second instead of up to 10")
        self.low_power.setChecked(self.settings.get("low_power"))
        form.addRow(self.low_power)
        self.low_power_on_battery = QCheckBox("Switch to low power by itself while this computer runs on battery")
        self.low_power_on_battery.setChecked(self.settings.get("low_power_on_battery"))
        self.low_power_on_battery.setToolTip(OPTIONS_BY_NAME["low_power_on_battery"].description)
        form.addRow(self.low_power_on_battery)
        self.keep_calibration = QCheckBox("Use my face calibration (the Calibrate button on the camera card makes "
                                          "one)")
        self.keep_calibration.setChecked(bool(self.settings.get("face_calibration")))
        self.keep_calibration.setEnabled(bool(self.settings.get("face_calibration")))
        form.addRow(self.keep_calibration)
        form.addRow("Mood reacts", scale)
        form.addRow(_hint("Stable ignores brief expressions; quick follows every change of face within seconds. "
                          "Images never leave this computer."))
        return page

    def _playback_page(self) -> QWidget:
        page, form = _form_page()
        self.policy = self._choice("policy", POLICY_TEXTS)
        self.manual_mood = QComboBox()
        for mood in TRACK_MOODS:
            self.manual_mood.addItem(mood.title(), mood)
        self.manual_mood.setCurrentIndex(max(0, self.manual_mood.findData(self.settings.get("manual_mood"))))
        self.switch_group = QButtonGroup(self)
        switch_box = QVBoxLayout()
        switch_box.setSpacing(6)
        switch_box.setContentsMargins(12, 0, 0, 0)  # the choices sit under their question, the page's full width
        for value in OPTIONS_BY_NAME["switch_behaviour"].choices:
            radio = QRadioButton(SWITCH_DESCRIPTIONS[value])
            radio.setProperty("value", value)
            radio.setChecked(value == self.settings.get("switch_behaviour"))
            self.switch_group.addButton(radio)
            switch_box.addWidget(radio)
        form.addRow("Music follows", self.policy)
        form.addRow("Manual mood", self.manual_mood)
        form.addRow(QLabel("When my mood changes"))
        form.addRow(switch_box)
        self.track_notifications = QCheckBox("Show a notification when the track changes")
        self.track_notifications.setChecked(self.settings.get("track_notifications"))
        self.track_notifications.setToolTip(OPTIONS_BY_NAME["track_notifications"].description)
        form.addRow(self.track_notifications)
        self.resume_playing = QCheckBox("Play on where I left off when Emotune opens")
        self.resume_playing.setChecked(self.settings.get("resume_playing"))
        self.resume_playing.setToolTip(OPTIONS_BY_NAME["resume_playing"].description)
        form.addRow(self.resume_playing)
        form.addRow("Sound output", self._output_device_choice())
        return page

    def _output_device_choice(self) -> QComboBox:
        """VLC's devices; a saved one that is gone stays chosen, shown as not connected."""
        self.output_device = QComboBox()
        self.output_device.addItem("System default", "")
        for device in self.output_devices() if self.output_devices else []:
            self.output_device.addItem(device.description or device.id, device.id)
        saved = self.settings.get("audio_output_device")
        if self.output_device.findData(saved) < 0:
            self.output_device.addItem(f"{saved} (not connected)", saved)
        self.output_device.setCurrentIndex(self.output_device.findData(saved))
        self.output_device.setToolTip(OPTIONS_BY_NAME["audio_output_device"].description)
        return self.output_device

    def _library_page(self) -> QWidget:
        page = QWidget()
        self.folders = QListWidget()
        self.folders.addItems(self.settings.get("library_folders"))
        add = QPushButton("Add folder…")
        add.clicked.connect(self._add_folder)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(QLabel("Emotune scans these folders for music:"))
        layout.addWidget(self.folders, 1)
        layout.addLayout(buttons)
        layout.addWidget(_hint("Removing a folder removes its tracks from the library, never the files."))
        return page

    def _appearance_page(self) -> QWidget:
        page, form = _form_page()
        self.theme = self._choice("theme", THEME_TEXTS)
        self.theme.setToolTip(OPTIONS_BY_NAME["theme"].description)
        form.addRow("Theme", self.theme)
        form.addRow(_hint("System follows your desktop's light or dark scheme, also when it changes while Emotune "
                          "runs; where the desktop does not say, Emotune is dark."))
        return page

    def _no_spotify_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_hint("Spotify support is not part of this installation."))
        layout.addStretch(1)
        return page

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a music folder")
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        if folder not in self.folder_list():
            self.folders.addItem(folder)

    def _remove_folder(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))

    def folder_list(self) -> list[str]:
        return [self.folders.item(i).text() for i in range(self.folders.count())]

    # -- result ----------------------------------------------------------
    def values(self) -> dict:
        checked = self.switch_group.checkedButton()
        return {
            "camera_enabled": self.camera_enabled.isChecked(),
            "camera_index": self.camera_index.currentData(),
            "show_preview": self.show_preview.isChecked(),
            "low_power": self.low_power.isChecked(),
            "low_power_on_battery": self.low_power_on_battery.isChecked(),
            "face_calibration": self.settings.get("face_calibration") if self.keep_calibration.isChecked() else {},
            "responsiveness": self.responsiveness.value() / 100.0,
            "policy": self.policy.currentData(),
            "manual_mood": self.manual_mood.currentData(),
            "switch_behaviour": checked.property("value") if checked else self.settings.get("switch_behaviour"),
            "track_notifications": self.track_notifications.isChecked(),
            "resume_playing": self.resume_playing.isChecked(),
            "audio_output_device": self.output_device.currentData(),
            "library_folders": self.folder_list(),
            "theme": self.theme.currentData(),
        }

    def apply(self) -> set[str]:
        """Write the edited values into Settings; returns the names of the options that changed."""
        changed = set()
        for name, value in self.values().items():
            if self.settings.get(name) != value:
                self.settings.set(name, value)
                changed.add(name)
        return changed
