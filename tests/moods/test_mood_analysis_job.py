"""The library job: estimates stored in a real database, broken files skipped, tags and pins respected."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from emotune.library.database import LibraryDatabase
from emotune.library.track import Track
from emotune.moods.mood_analysis_job import analyse_library
from emotune.moods.mood_estimator import METHOD
from mood_signals import MAJOR_PROGRESSION, MINOR_PROGRESSION, chords, drums


@pytest.fixture
def db(tmp_path: Path):
    database = LibraryDatabase(tmp_path / "library.sqlite3")
    yield database
    database.close()


def add(db: LibraryDatabase, path: Path, **fields) -> int:
    stat = path.stat() if path.exists() else None
    return db.upsert_track(Track(path=str(path), size=stat.st_size if stat else 0,
                                 mtime=stat.st_mtime if stat else 0.0, **fields))


@pytest.fixture
def files(write_clip, tmp_path: Path) -> dict[str, Path]:
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"not audio at all" * 100)
    return {
        "sad": write_clip("sad.ogg", chords(MINOR_PROGRESSION, 8.0, bpm=64, harmonics=2, level=0.04)),
        "energetic": write_clip("loud.flac", chords(MAJOR_PROGRESSION, 8.0, bpm=150, harmonics=16, level=0.4)
                                + 0.6 * drums(150, 8.0)),
        "broken": broken,
    }


def test_moods_are_estimated_and_stored_and_broken_files_skipped(db, files):
    ids = {name: add(db, path, genre="Rock" if name == "energetic" else "") for name, path in files.items()}
    seen: list[tuple[int, int, str]] = []
    report = analyse_library(db, progress=lambda done, total, path: seen.append((done, total, path)))
    assert (report.total, report.analysed, report.from_tags, report.cancelled) == (3, 2, 0, False)
    assert [item.path for item in report.skipped] == [str(files["broken"])]
    assert "not decodable" in report.skipped[0].reason
    assert [done for done, _, _ in seen] == [1, 2, 3] and {total for _, total, _ in seen} == {3}
    sad, loud = db.track(ids["sad"]), db.track(ids["energetic"])
    assert (sad.mood, sad.mood_source, sad.mood_method) == ("sad", "audio", METHOD)
    assert (loud.mood, loud.mood_source, loud.mood_method) == ("energetic", "audio", f"{METHOD}+genre")
    assert sad.valence < 0 < loud.arousal
    assert report.seconds > 0 and report.seconds_per_track > 0
    # done once: a second run finds only the file that could not be read
    again = analyse_library(db)
    assert (again.total, again.analysed, len(again.skipped)) == (1, 0, 1)


def test_a_mood_tag_is_used_without_decoding(db, tmp_path):
    track_id = add(db, tmp_path / "missing.mp3", mood_tag="Melancholy")
    report = analyse_library(db)
    assert (report.from_tags, report.analysed, report.skipped) == (1, 0, [])
    track = db.track(track_id)
    assert (track.mood, track.mood_source) == ("sad", "tag")


def test_a_users_pin_stays_on_top_and_the_estimate_waits_beneath(db, files):
    track_id = add(db, files["sad"])
    db.set_user_mood(track_id, "happy")
    analyse_library(db)
    assert (db.track(track_id).mood, db.track(track_id).mood_source) == ("happy", "user")
    db.set_user_mood(track_id, None)
    assert (db.track(track_id).mood, db.track(track_id).mood_source) == ("sad", "audio")


def test_cancel_stops_between_tracks_and_keeps_what_was_done(db, files):
    for path in files.values():
        add(db, path)
    cancel = threading.Event()
    report = analyse_library(db, progress=lambda done, total, path: cancel.set(), cancel=cancel)
    assert report.cancelled and report.analysed + len(report.skipped) == 1
    assert len(db.tracks_needing_mood()) == 2
