"""A damaged library database never blocks start-up: it is moved aside, moods are salvaged, a new one starts."""
from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from emotune.library.database import DamagedLibraryError, LibraryDatabase
from emotune.library.database_recovery import open_library, salvage_user_moods
from emotune.library.library_scanner import scan_folders
from emotune.library.track import Track
from emotune.wording import counted

PAGE = 4096
TRACKS = 600


def _library(path: Path) -> Path:
    """A closed library of TRACKS rows over many pages, a user mood on every tenth."""
    db = LibraryDatabase(path)
    with db.batch():
        for number in range(TRACKS):
            track_id = db.upsert_track(Track(path=f"/music/{number:04d}.mp3", title=f"Song {number} " + "~" * 80,
                                             artist="Band", size=1000 + number, mtime=1.0, duration=100.0))
            if number % 10 == 0:
                db.set_user_mood(track_id, "sad")
    db.close()
    assert not Path(f"{path}-wal").exists()  # checkpointed into the main file on close
    return path


def _damage_header(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(b"\x00" * 100)


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(path.stat().st_size))


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size * 2 // 5)


def _damage_inner_page(path: Path) -> None:
    pages = path.stat().st_size // PAGE
    with open(path, "r+b") as handle:
        handle.seek((pages // 2) * PAGE)
        handle.write(random.Random(2).randbytes(PAGE))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [_damage_header, _random_bytes, _truncate, _damage_inner_page, _empty])
def test_a_damaged_database_is_moved_aside_and_a_new_one_starts(tmp_path: Path, damage) -> None:
    path = _library(tmp_path / "library.sqlite3")
    damage(path)
    database, notice = open_library(path)
    try:
        assert notice is not None and "damaged" in notice.short
        backups = sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name)
        main = [name for name in backups if not name.endswith(("-wal", "-shm"))]
        assert len(main) == 1 and main[0] in notice.detail
        assert set(backups) <= {main[0], main[0] + "-wal", main[0] + "-shm"}
        assert not Path(f"{path}-shm").exists() or database.count() == 0
        assert database.count() == 0
        database.check_integrity()
        database.upsert_track(Track(path="/music/new.mp3", size=1, mtime=1.0))
        assert database.count() == 1
        salvaged = database.kept_user_mood_count()
        if damage in (_truncate, _damage_inner_page):
            assert 0 < salvaged < TRACKS // 10, "the readable pages gave their moods back"
            assert f"{counted(salvaged, 'mood')} you set {'was' if salvaged == 1 else 'were'} recovered" in notice.detail
        if damage in (_empty, _damage_header, _random_bytes):
            assert salvaged == 0 and "No mood you set could be recovered" in notice.detail
    finally:
        database.close()


def test_a_sound_database_opens_without_a_notice(tmp_path: Path) -> None:
    path = _library(tmp_path / "library.sqlite3")
    database, notice = open_library(path)
    assert notice is None and database.count() == TRACKS
    database.close()
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []


def test_quick_check_catches_a_damaged_inner_page_that_plain_opening_misses(tmp_path: Path) -> None:
    path = _library(tmp_path / "library.sqlite3")
    _damage_inner_page(path)
    database = LibraryDatabase(path)  # the header and the schema are fine
    with pytest.raises(DamagedLibraryError):
        database.check_integrity()
    database.close()


def test_salvage_reads_every_mood_of_a_sound_file(tmp_path: Path) -> None:
    moods = salvage_user_moods(_library(tmp_path / "library.sqlite3"))
    assert len(moods) == TRACKS // 10
    assert moods[0] == ("/music/0000.mp3", 1000, 100.0, "Song 0 " + "~" * 80, "Band", "sad")


def test_a_newer_schema_is_still_refused_not_thrown_away(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 999")
    with pytest.raises(Exception, match="newer Emotune"):
        open_library(path)
    assert path.exists() and [p for p in tmp_path.iterdir() if "corrupt" in p.name] == []


def test_after_a_rebuild_the_rescan_gives_the_salvaged_moods_back(tmp_path: Path, make_audio) -> None:
    music = tmp_path / "music"
    for name in ("a", "b", "c"):
        make_audio(music / f"{name}.ogg", title=name.upper(), artist="X")
    path = tmp_path / "library.sqlite3"
    db = LibraryDatabase(path)
    scan_folders(db, [music])
    db.set_user_mood(db.track_by_path(music / "a.ogg").id, "energetic")
    db.set_user_mood(db.track_by_path(music / "c.ogg").id, "angry")
    with db.batch():  # more rows after them, so that the damage at the end spares the first pages
        for number in range(TRACKS):
            db.upsert_track(Track(path=f"/gone/{number}.mp3", title="~" * 100, size=1, mtime=1.0))
    db.close()
    os.truncate(path, path.stat().st_size - 2 * PAGE)

    database, notice = open_library(path)
    assert notice is not None and "2 moods" in notice.detail
    report = scan_folders(database, [music])
    assert report.added == 3
    moods = {t.title: (t.mood, t.mood_source) for t in database.tracks()}
    assert moods["A"] == ("energetic", "user") and moods["C"] == ("angry", "user")
    assert moods["B"][1] != "user"
    database.close()
