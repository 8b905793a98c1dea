from emotune.ui.mood_timeline import MoodHistory, MoodTimeline


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_history_keeps_changes_only_and_trims_the_window():
    clock = Clock()
    history = MoodHistory(window_s=60, clock=clock)
    assert history.add_seen("happy")
    clock.now += 1
    assert not history.add_seen("happy")
    clock.now += 10
    assert history.add_seen("sad")
    clock.now += 10
    history.add_seen(None)  # face lost
    assert [m for _t, m in history.seen] == ["happy", "sad", None]
    spans = history.seen_spans(clock.now + 5)
    assert spans[0] == (1000.0, 1011.0, "happy") and spans[-1][2] is None
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
    history.add_seen("sad", t=960)
    history.start_track("Rain", "sad", t=990)
    widget = MoodTimeline(history)
    qtbot.addWidget(widget)
    widget.resize(600, widget.height())
    image = widget.grab().toImage()
    assert not image.isNull()
    colours = {image.pixelColor(x, 14).name() for x in range(60, 600, 4)}
    assert "#f5c542" in colours and "#5b8def" in colours  # happy then sad in the "seen" lane


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
