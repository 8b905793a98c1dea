"""Settings chosen in the dialog take effect in the running window, and persist."""
from PySide6.QtCore import Qt

from emotune.inference.mood_smoother import SmootherParams
from emotune.paths import config_dir
from emotune.settings import Settings


def test_dialog_changes_take_effect(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library], with_perception=True)
    dialog = window.open_settings()
    assert dialog.isVisible() and dialog.tabs.count() == 5
    dialog.show_preview.setChecked(False)
    dialog.responsiveness.setValue(90)
    next(b for b in dialog.switch_group.buttons() if b.property("value") == "finish").setChecked(True)
    dialog.policy.setCurrentIndex(dialog.policy.findData("lift"))
    dialog.accept()
    assert window.camera_panel.show_preview is False
    assert window.services.dj.switch_behaviour == "finish"
    assert window.services.pipeline.smoother.params == SmootherParams.from_responsiveness(0.9)
    assert window.services.policy.mode == "lift" and window.policy_selector.segments.value() == "lift"
    saved = Settings(config_dir() / "settings.json")  # written at once, not only on close
    assert saved.get("switch_behaviour") == "finish" and saved.get("responsiveness") == 0.9


def test_removing_a_library_folder_forgets_its_tracks(make_window, demo_library, tmp_path, qtbot):
    other = tmp_path / "other"
    (other / "calm").mkdir(parents=True)
    source = next((demo_library / "calm").iterdir())
    (other / "calm" / source.name).write_bytes(source.read_bytes())
    window = make_window(folders=[demo_library, other])
    qtbot.waitUntil(lambda: window.model.rowCount() == 16, timeout=20000)
    dialog = window.open_settings()
    dialog.folders.item(0).setSelected(True)
    dialog._remove_folder()
    dialog.accept()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=20000)
    assert window.settings.get("library_folders") == [str(other)]
    assert window.services.database.count() == 1


def test_typing_a_space_in_search_does_not_pause(make_window, demo_library, qtbot):
    from emotune.player.base_player import PlayerState

    window = make_window(folders=[demo_library])
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=3000)
    window.library_view.search.setFocus()
    qtbot.keyClicks(window.library_view.search, "sunny side")
    assert window.library_view.search.text() == "sunny side"
    assert window.services.player.state is PlayerState.PLAYING
    window.library_view.table.setFocus()
    qtbot.keyClick(window.library_view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PAUSED, timeout=3000)
