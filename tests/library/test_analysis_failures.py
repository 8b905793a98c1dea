"""A file whose audio cannot be analysed is decoded once, not on every launch, until it changes."""
from __future__ import annotations

import os
from pathlib import Path

from emotune.library.database import LibraryDatabase
from emotune.library.library_scanner import scan_folders
from emotune.moods.mood_analysis_job import analyse_library


def test_a_failed_analysis_is_remembered_until_the_file_changes(db: LibraryDatabase, tmp_path: Path, make_audio) -> None:
    music = tmp_path / "music"
    good = make_audio(music / "good.ogg", seconds=4.0, title="Good")
    silent = music / "silent.wav"
    make_audio(silent, seconds=0.5)  # too short to analyse
    scan_folders(db, [music])
    silent_id = db.track_by_path(silent).id

    first = analyse_library(db)
    assert [item.path for item in first.skipped] == [str(silent)]
    reason = first.skipped[0].reason
    assert reason and first.known_failures == 0
    assert [t.path for t in db.tracks_needing_mood()] == []

    # Another launch: the file is not decoded again (it is not even there to decode: the row alone
    # answers), and it is listed with the reason it had.
    moved_away = tmp_path / "aside.wav"
    silent.rename(moved_away)
    again = analyse_library(db)
    assert (again.total, again.analysed, again.known_failures) == (1, 0, 1)
    assert [(item.path, item.reason) for item in again.skipped] == [(str(silent), reason)]
    assert [(t.id, why) for t, why in db.analysis_failures()] == [(silent_id, reason)]

    # The file changes: it is analysed again.
    moved_away.rename(silent)
    make_audio(silent, seconds=4.0)
    os.utime(silent, (2_000_000_000, 2_000_000_000))
    scan_folders(db, [music])
    assert [t.path for t in db.tracks_needing_mood()] == [str(silent)]
    third = analyse_library(db)
    assert (third.analysed, third.known_failures, third.skipped) == (1, 0, [])
    assert db.analysis_failures() == [] and db.track(silent_id).mood_source == "audio"
    assert db.track_by_path(good).mood_source == "audio"
