import pytest

from emotune.ui.mood_timeline import MoodHistory, MoodTimeline


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def keep_reading(history, clock, mood, seconds):
    """Readings of one mood five times a second, as the camera loop sends them."""
    for _ in range(int(seconds * 5)):
        clock.now += 0.2
        history.add_seen(mood)


def test_history_keeps_changes_only_and_trims_the_window():
    clock = Clock()
    history = MoodHistory(window_s=60, clock=clock)
    assert history.add_seen("happy")
    clock.now += 1
    assert not history.add_seen("happy")
    keep_reading(history, clock, "happy", 10)
    assert history.add_seen("sad")
    keep_reading(history, clock, "sad", 10)
    history.add_seen(None)  # face lost
    assert [m for _t, m in history.seen] == ["happy", "sad", None]
    spans = history.seen_spans(clock.now + 5)
    assert spans[0][:2] == pytest.approx((1000.0, 1011.0)) and spans[0][2] == "happy" and spans[-1][2] is None
    clock.now += 120
    history.add_seen("calm")
    assert [m for _t, m in history.seen] == [None, "calm"]  # the span reaching into the window stays


def test_played_segments_close_when_the_next_starts():
    clock = Clock()
    history = MoodHistory(window_s=300, clock=clock)
    history.start_track("A", "happy")
    clock.now += 30
    history.start_track("B", "sad")
    first, second = history.played
    assert (first.start, first.end, first.mood) == (1000.0, 1030.0, "happy")
    assert second.end is None
    history.stop_track()
    assert second.end == 1030.0


def test_timeline_paints_both_lanes(qtbot):
    clock = Clock()
    history = MoodHistory(window_s=300, clock=clock)
    history.add_seen("happy", t=900)
    history.start_track("Sunny", "happy", t=910)
    for i in range(1, 500):  # readings go on, a few a second (only changes are stored)
        history.add_seen("happy" if i < 300 else "sad", t=900 + i / 5)
    history.start_track("Rain", "sad", t=990)
    widget = MoodTimeline(history)
    qtbot.addWidget(widget)
    widget.resize(600, widget.height())
    image = widget.grab().toImage()
    assert not image.isNull()
    colours = {image.pixelColor(x, 14).name() for x in range(60, 600, 4)}
    assert "#f5c542" in colours and "#5b8def" in colours  # happy then sad in the "seen" lane


def test_the_seen_lane_stops_where_the_readings_stopped():
    clock = Clock()
    history = MoodHistory(window_s=300, clock=clock)
    history.add_seen("happy", t=1000.0)
    for i in range(1, 51):  # ten seconds of readings, five a second
        assert not history.add_seen("happy", t=1000.0 + i / 5)
    assert history.seen_spans(1010.5) == [(1000.0, 1010.5, "happy")]  # still being read
    assert history.seen_spans(1100.0) == [(1000.0, 1010.0, "happy")]  # a video that ended, a worker that stopped
    assert history.add_seen("happy", t=1100.0)  # read again: the gap stays a gap
    assert history.seen_spans(1100.5) == [(1000.0, 1010.0, "happy"), (1010.0, 1100.0, None),
                                          (1100.0, 1100.5, "happy")]


def test_span_grows_with_the_history_up_to_the_window(qtbot):
    clock = Clock()
    history = MoodHistory(window_s=300, clock=clock)
    widget = MoodTimeline(history)
    qtbot.addWidget(widget)
    assert widget.span(clock.now) == 60
    history.add_seen("happy")
    clock.now += 75
    assert widget.span(clock.now) == 120
    clock.now += 1000
    assert widget.span(clock.now) == 300
