from emotune.choices import ThemeChoice
from emotune.inference.camera_devices import CameraDevice
from emotune.paths import config_dir
from emotune.settings import Settings
from emotune.ui.settings_dialog import SettingsDialog


CAMERAS = [CameraDevice(0, "Integrated Camera"), CameraDevice(2, "Logitech BRIO")]


def test_dialog_edits_and_persists_every_page(qtbot, tmp_path):
    path = config_dir() / "settings.json"
    settings = Settings(path)
    dialog = SettingsDialog(settings, cameras=lambda: CAMERAS)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Camera", "Playback", "Library", "Appearance", "Spotify"]
    dialog.camera_index.setCurrentIndex(dialog.camera_index.findData(2))
    dialog.show_preview.setChecked(False)
    dialog.responsiveness.setValue(80)
    dialog.policy.setCurrentIndex(dialog.policy.findData("lift"))
    dialog.manual_mood.setCurrentIndex(dialog.manual_mood.findData("sad"))
    next(b for b in dialog.switch_group.buttons() if b.property("value") == "finish").setChecked(True)
    dialog.add_folder(str(tmp_path / "music"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    changed = dialog.apply()
    assert changed == {"camera_index", "show_preview", "responsiveness", "policy", "manual_mood",
                       "switch_behaviour", "library_folders", "theme"}
    settings.save()
    again = Settings(path)
    assert again.get("camera_index") == 2 and again.get("show_preview") is False
    assert again.get("responsiveness") == 0.8 and again.get("policy") == "lift"
    assert again.get("manual_mood") == "sad" and again.get("switch_behaviour") == "finish"
    assert again.get("library_folders") == [str(tmp_path / "music")]
    assert again.get("theme") is ThemeChoice.LIGHT


def test_cameras_are_listed_by_name_and_an_unplugged_choice_is_kept(qtbot):
    settings = Settings(config_dir() / "settings.json")
    settings.set("camera_index", 4)
    dialog = SettingsDialog(settings, cameras=lambda: CAMERAS)
    qtbot.addWidget(dialog)
    names = [dialog.camera_index.itemText(i) for i in range(dialog.camera_index.count())]
    assert names == ["Integrated Camera", "Logitech BRIO", "Device 4 (not connected)"]
    assert dialog.camera_index.currentText() == "Device 4 (not connected)"
    assert dialog.apply() == set()


def test_nothing_changed_means_nothing_to_apply(qtbot):
    settings = Settings(config_dir() / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.apply() == set()


def test_removing_a_folder(qtbot):
    settings = Settings(config_dir() / "settings.json")
    settings.set("library_folders", ["/a", "/b"])
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.folders.item(0).setSelected(True)
    dialog._remove_folder()
    assert dialog.apply() == {"library_folders"}
    assert settings.get("library_folders") == ["/b"]


def test_spotify_page_is_embedded_when_given(qtbot):
    from PySide6.QtWidgets import QLabel

    settings = Settings(config_dir() / "settings.json")
    dialog = SettingsDialog(settings, spotify_page=lambda parent: QLabel("spotify here", parent))
    qtbot.addWidget(dialog)
    assert dialog.tabs.widget(4).widget().text() == "spotify here"  # inside a scroll area


def test_sound_outputs_are_listed_and_the_choice_is_stored(qtbot):
    from emotune.player.base_player import OutputDevice

    settings = Settings(config_dir() / "settings.json")
    devices = [OutputDevice("default", "Default"), OutputDevice("hw:CARD=USB,DEV=0", "USB Audio — Headphones")]
    dialog = SettingsDialog(settings, output_devices=lambda: devices)
    qtbot.addWidget(dialog)
    names = [dialog.output_device.itemText(i) for i in range(dialog.output_device.count())]
    assert names == ["System default", "Default", "USB Audio — Headphones"]
    assert dialog.output_device.currentData() == ""
    dialog.output_device.setCurrentIndex(2)
    assert dialog.apply() == {"audio_output_device"}
    assert settings.get("audio_output_device") == "hw:CARD=USB,DEV=0"
    unplugged = SettingsDialog(settings, output_devices=lambda: devices[:1])
    qtbot.addWidget(unplugged)
    assert unplugged.output_device.currentText() == "hw:CARD=USB,DEV=0 (not connected)"


def test_every_page_shows_its_words_whole_at_the_default_size(qtbot):
    """Labels, check boxes and radio buttons get the width their text needs (the Playback page's
    "When my mood changes" and its choices were cut at the dialog's default 640 px)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = SettingsDialog(Settings(config_dir() / "settings.json"), cameras=lambda: CAMERAS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        page = dialog.tabs.currentWidget()
        for widget in page.findChildren(QAbstractButton) + page.findChildren(QLabel):
            if widget.isVisible() and widget.text() and not (isinstance(widget, QLabel) and widget.wordWrap()):
                assert widget.width() >= widget.sizeHint().width(), (dialog.tabs.tabText(index), widget.text())
