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
