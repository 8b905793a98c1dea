"""Where listening stopped, stored and read back against the library as it is then."""
from emotune.library.track import Track
from emotune.moods.resume_point import END_MARGIN_S, ResumePoint


def track(name: str, duration: float = 200.0) -> Track:
    return Track(path=f"/music/{name}.flac", title=name, duration=duration)


def test_a_point_survives_its_json() -> None:
    point = ResumePoint.of(track("a"), 83.27, [track("b"), track("c")])
    assert ResumePoint.from_json(point.to_json()) == ResumePoint("/music/a.flac", 83.3, ("/music/b.flac", "/music/c.flac"))


def test_nothing_playing_gives_no_point() -> None:
    assert ResumePoint.of(None, 12.0, [track("b")]) is None


def test_what_is_not_a_stored_point_reads_as_none() -> None:
    for value in (None, "", "/music/a.flac", [], {}, {"path": 3}, {"path": ""}):
        assert ResumePoint.from_json(value) is None
    odd = ResumePoint.from_json({"path": "/music/a.flac", "position_s": "12", "upcoming": [1, "/music/b.flac"]})
    assert odd == ResumePoint("/music/a.flac", 0.0, ("/music/b.flac",))


def test_tracks_gone_from_the_library_are_left_out() -> None:
    a, c = track("a"), track("c")
    point = ResumePoint("/music/a.flac", 40.0, ("/music/b.flac", "/music/c.flac"))
    assert point.resolve([a, c], exists=lambda path: True) == (a, [c], 40.0)
    assert ResumePoint("/music/b.flac", 40.0).resolve([a, c], exists=lambda path: True) is None
    assert point.resolve([a, c], exists=lambda path: path != a.path) is None  # deleted, not yet rescanned


def test_a_track_left_at_its_very_end_starts_over() -> None:
    a = track("a", duration=200.0)
    assert ResumePoint(a.path, 200.0 - END_MARGIN_S / 2).resolve([a], exists=lambda path: True) == (a, [], 0.0)


def test_the_users_picks_survive_their_json_in_order_even_with_nothing_playing() -> None:
    point = ResumePoint.of(track("a"), 10.0, [track("dj")], queued=[track("q2"), track("q1")])
    back = ResumePoint.from_json(point.to_json())
    assert back.queued == ("/music/q2.flac", "/music/q1.flac") and back.upcoming == ("/music/dj.flac",)
    waiting = ResumePoint.of(None, 0.0, [], queued=[track("q1")])
    assert ResumePoint.from_json(waiting.to_json()) == ResumePoint("", 0.0, (), ("/music/q1.flac",))
    assert ResumePoint.from_json({"path": "", "queued": []}) is None
    assert ResumePoint.from_json({"path": "/music/a.flac", "queued": "x"}).queued == ()  # hand-edited


def test_picks_gone_from_the_library_are_left_out_and_the_rest_come_back_without_the_track() -> None:
    q1, q3 = track("q1"), track("q3")
    point = ResumePoint("/music/gone.flac", 5.0, (), ("/music/q1.flac", "/music/q2.flac", "/music/q3.flac"))
    assert point.resolve([q1, q3], exists=lambda path: True) is None
    assert point.resolve_queued([q3, q1]) == [q1, q3]
