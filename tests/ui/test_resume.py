"""A restart comes back where the listener left: the track, the position in it and the queue,
paused until Play (or playing at once when the setting says so)."""
from emotune.player.base_player import PlayerState


def leave_playing(make_window, demo_library, qtbot, at_s: float = 7.0):
    window = make_window(folders=[demo_library])
    tracks = window.model.tracks()
    window.router.play_track(tracks[2], tracks)
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    window.playback.seek(at_s)
    left = window.playback.current, [track.path for track in window.services.queue.upcoming()]
    window.close()  # saves the state, as the window's close button does
    return left


def test_a_restart_shows_the_last_track_paused_where_it_was(make_window, demo_library, qtbot):
    (track, upcoming) = leave_playing(make_window, demo_library, qtbot)
    window = make_window(folders=[demo_library])
    qtbot.waitUntil(lambda: window.playback.current is not None)
    assert window.playback.current.path == track.path
    assert window.services.player.state is PlayerState.STOPPED  # nothing plays before the user asks
    assert [t.path for t in window.services.queue.upcoming()] == upcoming
    assert "Where you left off" in window.emotion_panel.reason.text()
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    assert window.playback.current.path == track.path
    assert 6.5 < window.services.player.position() < 9.0


def test_the_setting_plays_on_at_once(make_window, demo_library, qtbot):
    (track, _) = leave_playing(make_window, demo_library, qtbot)
    window = make_window(folders=[demo_library], settings_values={"resume_playing": True})
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    assert window.playback.current.path == track.path and window.services.player.position() > 6.5


def test_a_track_deleted_since_is_not_cued(make_window, demo_library, qtbot, tmp_path):
    import shutil

    library = tmp_path / "library"
    shutil.copytree(demo_library, library)
    window = make_window(folders=[library])
    first = window.model.tracks()[0]
    window.router.play_track(first, [first])
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    window.close()
    (library / first.path[len(str(library)) + 1:]).unlink()
    window = make_window(folders=[library])
    qtbot.wait(300)
    assert window.playback.current is None and window.services.player.state is PlayerState.STOPPED


def test_the_users_picks_come_back_in_order_after_the_track_where_it_was(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    tracks = window.model.tracks()
    window.router.play_track(tracks[2], tracks)
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    picks = [tracks[9], tracks[4], tracks[11]]
    window.playback.add_to_queue(picks[1:])
    window.playback.play_next(picks[:1])
    window.playback.seek(5.0)
    upcoming = [track.path for track in window.services.queue.upcoming()]
    window.close()
    window = make_window(folders=[demo_library])
    qtbot.waitUntil(lambda: window.playback.current is not None)
    assert window.playback.current.path == tracks[2].path
    assert [t.path for t in window.services.queue.queued()] == [t.path for t in picks]
    assert [t.path for t in window.services.queue.upcoming()] == upcoming
    assert [entry.track.path for entry in window.queue_panel.model.entries[:3]] == [t.path for t in picks]
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: window.services.player.state is PlayerState.PLAYING)
    assert window.playback.current.path == tracks[2].path and 4.5 < window.services.player.position() < 7.0
    window.playback.next()
    qtbot.waitUntil(lambda: window.playback.current.path == picks[0].path)


def test_picks_queued_before_anything_played_come_back_and_play_first(make_window, demo_library, qtbot):
    window = make_window(folders=[demo_library])
    picks = window.model.tracks()[5:7]
    window.playback.add_to_queue(picks)
    window.close()
    window = make_window(folders=[demo_library])
    qtbot.waitUntil(lambda: len(window.services.queue.queued()) == 2)
    assert window.playback.current is None and window.services.player.state is PlayerState.STOPPED
    assert window.emotion_panel.up_next.text().startswith(f"Up next: {picks[0].display_title}")
    window.player_bar.transport.play_button.click()
    qtbot.waitUntil(lambda: window.playback.current is not None and window.playback.current.path == picks[0].path)
