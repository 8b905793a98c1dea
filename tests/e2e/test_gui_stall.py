"""The GUI thread stays light while the pipeline reads a video and VLC plays: the longest stall of the
event loop (a 10 ms timer's late ticks) is measured and bounded."""
import sys

import pytest

from emotune.bench.gui_stall import measure_stall

LIMIT_MS = 1000.0
"""Catches work that blocks the GUI thread (a model load, a decode, a scan), not scheduling noise: the
test machine is shared and has 2 cores, and a busy neighbour can delay one tick by a few hundred ms.
The figure against the 50 ms target is measured by ``python -m emotune.bench.gui_stall`` (a benchmark)."""


def test_gui_thread_stays_responsive_while_the_pipeline_runs(make_window, demo_library, happy_then_sad_video,
                                                              qtbot):
    from emotune.player.vlc_player import VlcPlayer, vlc_available
    from emotune.ui.task_runner import TaskRunner

    ok, why = vlc_available()
    if not ok:
        pytest.skip(why)
    window = make_window(folders=[demo_library], player=VlcPlayer(["--aout=dummy"]), runner=TaskRunner(),
                         with_perception=True, initial_video=str(happy_then_sad_video[0]))
    report = measure_stall(window, seconds=12.0)
    print(f"\nGUI stall while the pipeline runs on a video: {report.summary()}; worst {report.worst}", file=sys.stderr)
    assert report.ticks > 500  # the timer really ran (about 100 a second)
    assert window.emotion_panel.bars.face_seen and window.playback.played_uris
    assert report.longest_stall_ms < LIMIT_MS, report.worst
    assert report.stalls_over_100ms <= 2, report.worst
