import threading
import time

import pytest

from emotune.player.base_player import PlayerState
from emotune.player.null_player import NullPlayer
from emotune.ui.player_bridge import PlayerBridge


def test_null_player_callbacks_arrive_on_the_gui_thread_throttled(qtbot):
    player = NullPlayer(durations={"mem://a": 1.2})
    bridge = PlayerBridge(player)
    gui = threading.get_ident()
    states, positions, finished = [], [], []
    bridge.state_changed.connect(lambda s: states.append((s, threading.get_ident())))
    bridge.position_changed.connect(lambda p, d: positions.append((p, d, time.monotonic())))
    bridge.track_finished.connect(lambda uri: finished.append((uri, threading.get_ident())))
    try:
        player.play("mem://a")
        assert states == []  # re-posted, never run inside the player's lock
        qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    finally:
        player.close()
    assert finished == [("mem://a", gui)]
    assert [s for s, _t in states][:2] == [PlayerState.PLAYING, PlayerState.STOPPED]
    assert all(t == gui for _s, t in states)
    assert positions and all(0 <= p <= 1.2 and d == 1.2 for p, d, _t in positions)
    gaps = [b[2] - a[2] for a, b in zip(positions, positions[1:])]
    assert all(gap >= 0.25 for gap in gaps)  # ~300 ms apart at most once per tick


def test_vlc_player_through_the_bridge(qtbot, demo_library_source):
    from emotune.player.vlc_player import VlcPlayer, vlc_available

    ok, why = vlc_available()
    if not ok:
        pytest.skip(why)
    track = sorted((demo_library_source / "calm").iterdir())[0]
    player = VlcPlayer(["--aout=dummy"])
    bridge = PlayerBridge(player)
    positions = []
    bridge.position_changed.connect(lambda p, d: positions.append((p, d)))
    try:
        with qtbot.waitSignal(bridge.state_changed, timeout=5000) as state:
            player.play(str(track))
        assert state.args == [PlayerState.PLAYING]
        qtbot.waitUntil(lambda: len(positions) >= 2, timeout=5000)
        assert positions[-1][1] > 5  # the demo pieces last about 7 s
        with qtbot.waitSignal(bridge.track_finished, timeout=15000) as done:
            player.seek(positions[-1][1] - 0.5)
        assert done.args == [str(track)]
    finally:
        player.close()
