from PySide6.QtCore import Qt

from emotune.player.base_player import PlayerState
from emotune.ui.library_model import Column


def _double_click_row(qtbot, window, row):
    table = window.library_view.table
    rect = table.visualRect(window.library_view.model.index(row, Column.TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_empty_library_shows_the_welcome(make_window, tmp_path, monkeypatch):
    music = tmp_path / "Music"
    music.mkdir()
    monkeypatch.setenv("XDG_MUSIC_DIR", str(music))
    window = make_window()
    empty = window.library_view.empty_state
    assert window.library_view.showing_empty_state
    assert empty.title.text() == "Welcome to Emotune"
    assert empty.add_folder_button.isVisible() and empty.demo_button.isVisible()
    assert empty.music_folder_button.isVisible()  # first start offers the user's music folder
    assert str(music) in empty.music_folder_button.text()
    assert window.player_bar.now_playing.title.text() == "Nothing playing"


def test_music_folder_offer_is_taken(make_window, tmp_path, monkeypatch, demo_library, qtbot):
    monkeypatch.setenv("XDG_MUSIC_DIR", str(demo_library))
    window = make_window()
    window.library_view.empty_state.music_folder_button.click()
    qtbot.waitUntil(lambda: window.model.rowCount() == 15, timeout=20000)
    assert window.settings.get("library_folders") == [str(demo_library)]
    assert window.settings.get("first_run_done") is True
    assert not window.library_view.showing_empty_state


def test_create_demo_library_button(make_window, demo_library_source, qtbot):
    import shutil

    busy = []

    def quick_demo(directory):  # the real generator's output, copied from the session cache
        busy.append(window.scan_status.label.text())
        shutil.copytree(demo_library_source, directory, ignore=shutil.ignore_patterns("done"))

    window = make_window(make_demo_library=quick_demo)
    window.library_view.empty_state.demo_button.click()
    qtbot.waitUntil(lambda: window.model.rowCount() == 15, timeout=20000)
    assert window.settings.get("library_folders") == [str(window.services.demo_dir.resolve())]
    assert busy == ["Creating the demo library (15 short pieces)…"]  # shown while it was being made
    assert "15 added" in window.scan_status.label.text() or "Moods ready" in window.scan_status.label.text()


def test_demo_library_loads_into_the_table(make_window, demo_library):
    window = make_window(folders=[demo_library])
    assert window.model.rowCount() == 15
    assert not window.library_view.showing_empty_state
    moods = {window.model.track_at(row).mood for row in range(15)}
    assert moods == {"happy", "sad", "calm", "energetic", "angry"}


def test_search_filters_the_table(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library_view.search.hasFocus()
    qtbot.keyClicks(window.library_view.search, "sad")
    visible = window.library_view.model.tracks()
    assert len(visible) == 3 and {t.mood for t in visible} == {"sad"}
    assert window.library_view.count_label.text() == "3 of 15 tracks"


def test_double_click_plays_and_shows_the_track(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    player = window.services.player
    window.library_view.search.setText("calm")
    _double_click_row(qtbot, window, 1)
    chosen = window.library_view.model.track_at(1)
    qtbot.waitUntil(lambda: player.state is PlayerState.PLAYING, timeout=3000)
    assert window.playback.played_uris == [chosen.path]
    assert window.player_bar.now_playing.title.text() == chosen.title
    qtbot.waitUntil(lambda: window.player_bar.now_playing.art.has_cover, timeout=3000)  # the demo files carry art
    qtbot.waitUntil(lambda: window.player_bar.seek_bar.slider.maximum() > 0, timeout=3000)
    assert window.model.index(window.model.row_of(chosen.id), 0).data(Qt.ItemDataRole.FontRole).bold()
    assert "Chosen by you" in window.emotion_panel.reason.text()
    assert [t.id for t in window.services.queue.upcoming()] == [window.library_view.model.track_at(2).id]


def test_transport_buttons_and_shortcuts(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    player, transport = window.services.player, window.player_bar.transport
    window.library_view.search.setText("happy")
    visible = window.library_view.model.tracks()
    _double_click_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: player.state is PlayerState.PLAYING, timeout=3000)
    transport.play_button.click()
    qtbot.waitUntil(lambda: player.state is PlayerState.PAUSED, timeout=3000)
    qtbot.waitUntil(lambda: transport.play_button.toolTip().startswith("Play"), timeout=3000)
    window.library_view.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.state is PlayerState.PLAYING, timeout=3000)
    transport.next_button.click()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.playback.played_uris == [visible[0].path, visible[1].path, visible[2].path]
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert window.playback.played_uris[-1] == visible[1].path
    transport.previous_button.click()
    assert window.playback.played_uris[-1] == visible[0].path
    transport.shuffle_button.click()
    assert window.services.queue.shuffle and window.settings.get("shuffle")
    window.player_bar.volume.slider.setValue(35)
    assert player.volume() == 35 and window.settings.get("volume") == 35


def test_play_with_nothing_queued_lets_the_mood_choose(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING, timeout=3000)
    qtbot.waitUntil(lambda: "No mood yet" in window.emotion_panel.reason.text(), timeout=3000)
    assert len(window.playback.played_uris) == 1


def test_track_end_advances_the_queue(make_window, demo_library, qtbot):
    from emotune.player.null_player import NullPlayer

    paths = sorted(str(p) for p in demo_library.rglob("*") if p.suffix in (".flac", ".ogg", ".mp3"))
    window = make_window(folders=[demo_library], player=NullPlayer(durations={p: 0.4 for p in paths}))
    window.library_view.search.setText("energetic")
    visible = window.library_view.model.tracks()
    _double_click_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: len(window.playback.played_uris) >= 3, timeout=5000)
    assert window.playback.played_uris[:3] == [t.path for t in visible]
    assert window.player_bar.now_playing.title.text() in {t.title for t in visible} | {
        t.display_title for t in window.library.tracks()}


def test_editing_a_mood_is_stored(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    track = window.model.track_at(0)
    window.model.user_mood_edited.emit(track.id, "calm")
    stored = window.services.database.track(track.id)
    assert stored.mood == "calm" and stored.mood_source == "user"
    assert window.model.track_at(0).mood_source == "user"
    assert window.services.library_tracks()[0].mood == "calm"  # the DJ chooses from the new mood
    window.model.user_mood_edited.emit(track.id, None)
    assert window.services.database.track(track.id).mood_source == "tag"


def test_status_bar_reports_the_scan(make_window, demo_library):
    (demo_library / "notes.mp3").write_text("not audio")
    window = make_window(folders=[demo_library])
    status = window.scan_status
    assert status.skipped_button.isVisible() and status.skipped_button.text() == "1 skipped…"
    assert status.label.text().startswith("Moods ready") or "16 found" in status.label.text()
    dialog = status.show_skipped()
    assert dialog.table.item(0, 0).text().endswith("notes.mp3")
    dialog.close()
