from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from emotune.library.database import LibraryDatabase
from emotune.library.library_scanner import ScanProgress, mood_from_tag_or_folder, scan_folders
from emotune.mood_space import MOOD_VA


@pytest.fixture
def music(tmp_path: Path, make_audio) -> Path:
    root = tmp_path / "music"
    make_audio(root / "Artist" / "one.mp3", title="One", artist="Artist", mood="Upbeat")
    make_audio(root / "Artist" / "two.flac", title="Two", artist="Artist")
    make_audio(root / "Chill" / "three.ogg", title="Three")
    make_audio(root / "Chill" / "deep" / "four.wav", title="Four")
    make_audio(root / "five.m4a", title="Five", mood="Sad")
    (root / "cover.jpg").write_bytes(b"not audio, ignored")
    (root / ".hidden.mp3").write_bytes(b"hidden files are not scanned")
    return root


def test_first_scan_adds_every_file_with_tags_and_moods(db: LibraryDatabase, music: Path) -> None:
    report = scan_folders(db, [music])
    assert (report.files_seen, report.added, report.updated, report.removed, report.unchanged) == (5, 5, 0, 0, 0)
    assert report.skipped == []
    by_title = {track.title: track for track in db.tracks()}
    assert set(by_title) == {"One", "Two", "Three", "Four", "Five"}
    assert (by_title["One"].mood, by_title["One"].mood_source, by_title["One"].mood_tag) == ("happy", "tag", "Upbeat")
    assert (by_title["Five"].mood, by_title["Five"].mood_source) == ("sad", "tag")
    assert (by_title["Three"].mood, by_title["Three"].mood_source) == ("calm", "folder")
    assert (by_title["Four"].mood, by_title["Four"].mood_source) == ("calm", "folder")
    assert (by_title["Three"].valence, by_title["Three"].arousal) == MOOD_VA["calm"]
    assert (by_title["Two"].mood, by_title["Two"].mood_source, by_title["Two"].valence) == ("", "", None)
    assert by_title["Two"].duration == pytest.approx(0.5, abs=0.1)
    assert by_title["Two"].path == str(music / "Artist" / "two.flac")
    assert [t.title for t in db.tracks_needing_mood()] == ["Two"]


def test_rescan_of_an_unchanged_library_reads_nothing(db: LibraryDatabase, music: Path) -> None:
    scan_folders(db, [music])
    report = scan_folders(db, [music])
    assert (report.files_seen, report.added, report.updated, report.removed, report.unchanged) == (5, 0, 0, 0, 5)


def test_rescan_updates_modified_and_removes_deleted_files(db: LibraryDatabase, music: Path, make_audio) -> None:
    scan_folders(db, [music])
    changed = make_audio(music / "Artist" / "two.flac", seconds=0.8, title="Two (remastered)")
    os.utime(changed, (1_000_000_000, 1_000_000_000))
    (music / "five.m4a").unlink()
    make_audio(music / "six.mp3", title="Six")
    report = scan_folders(db, [music])
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    titles = sorted(track.title for track in db.tracks())
    assert titles == ["Four", "One", "Six", "Three", "Two (remastered)"]
    assert db.track_by_path(changed).mtime == 1_000_000_000


def test_only_files_under_the_scanned_folders_are_removed(db: LibraryDatabase, tmp_path: Path, make_audio) -> None:
    make_audio(tmp_path / "a" / "x.mp3")
    make_audio(tmp_path / "a" / "stays.mp3", seconds=0.3)  # a folder left empty is taken for unplugged
    make_audio(tmp_path / "ab" / "y.mp3")  # a sibling whose name starts like "a"
    scan_folders(db, [tmp_path / "a", tmp_path / "ab"])
    (tmp_path / "a" / "x.mp3").unlink()
    (tmp_path / "ab" / "y.mp3").unlink()
    report = scan_folders(db, [tmp_path / "a"])
    assert report.removed == 1
    assert sorted(t.path for t in db.tracks()) == [str(tmp_path / "a" / "stays.mp3"), str(tmp_path / "ab" / "y.mp3")]


def test_a_missing_folder_is_reported_and_its_tracks_are_kept(db: LibraryDatabase, tmp_path: Path, make_audio) -> None:
    make_audio(tmp_path / "drive" / "x.mp3")
    scan_folders(db, [tmp_path / "drive"])
    (tmp_path / "drive").rename(tmp_path / "unplugged")
    report = scan_folders(db, [tmp_path / "drive"])
    assert report.removed == 0 and db.count() == 1
    assert [(item.path, item.reason.split(" (")[0]) for item in report.skipped] == [
        (str(tmp_path / "drive"), "folder not found")]


def test_the_bad_file_library_is_scanned_to_the_end_with_every_file_reported(
        db: LibraryDatabase, tmp_path: Path, make_audio) -> None:
    root = tmp_path / "bad"
    good = make_audio(root / "good.mp3", title="x" * 300)
    (root / "truncated.mp3").write_bytes(good.read_bytes()[:200])
    (root / "empty.flac").touch()
    (root / "text.ogg").write_text("a shopping list\n" * 50)
    bad_name = os.fsencode(root) + b"/caf\xe9-latin1.mp3"
    with open(bad_name, "wb") as handle:
        handle.write(good.read_bytes())
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "self.mp3").symlink_to(root / "self.mp3")
    os.mkfifo(root / "pipe.mp3")  # unreadable as a file even for root; opening it would block forever
    locked = make_audio(root / "locked.ogg")
    locked.chmod(0)
    running_as_root = os.access(locked, os.R_OK)

    report = scan_folders(db, [root])

    reasons = {Path(item.path).name: item.reason for item in report.skipped}
    assert "damaged or truncated" in reasons["truncated.mp3"]
    assert reasons["empty.flac"] == "the file is empty"
    assert "not a recognised audio format" in reasons["text.ogg"]
    assert "not valid UTF-8" in reasons["caf\ufffd-latin1.mp3"]
    assert "symlink loop" in reasons["loop"]
    assert "symlink loop" in reasons["self.mp3"]
    assert "not a regular file" in reasons["pipe.mp3"]
    if running_as_root:  # root reads any file regardless of its mode; the FIFO stands in for it
        assert "locked.ogg" not in reasons
    else:
        assert "permission denied" in reasons["locked.ogg"]
    assert sorted(t.path for t in db.tracks()) == [str(good)] + ([str(locked)] if running_as_root else [])
    assert report.files_seen == 8
    assert report.to_json()["skipped"][0].keys() == {"path", "reason"}


def test_progress_is_reported_and_a_cancelled_scan_removes_nothing(
        db: LibraryDatabase, music: Path) -> None:
    seen: list[ScanProgress] = []
    scan_folders(db, [music], progress=seen.append)
    assert seen[-1].files_seen == 5 and seen[-1].added == 5 and seen[-1].total_estimate == 5
    assert all(p.files_seen <= p.total_estimate for p in seen if p.total_estimate)
    (music / "five.m4a").unlink()
    cancel = threading.Event()
    report = scan_folders(db, [music], progress=lambda _progress: cancel.set(), cancel=cancel)
    assert report.cancelled and report.removed == 0 and db.count() == 5


def test_report_json_has_exactly_the_documented_keys(db: LibraryDatabase, music: Path) -> None:
    data = scan_folders(db, [music]).to_json()
    assert list(data) == ["files_seen", "added", "updated", "removed", "unchanged", "skipped", "seconds"]
    assert isinstance(data["seconds"], float)


@pytest.mark.parametrize(("path", "tag", "expected"), [
    ("/m/Happy/x.mp3", "", ("happy", "folder")),
    ("/m/a/relaxing/b/x.mp3", "", ("calm", "folder")),
    ("/m/Happy/x.mp3", "Melancholy; Rainy", ("sad", "tag")),
    ("/m/x.mp3", "unknown", None),
])
def test_mood_from_tag_or_folder(path: str, tag: str, expected) -> None:
    assert mood_from_tag_or_folder(path, "/m", tag) == expected


def test_folders_above_the_scanned_root_do_not_give_a_mood() -> None:
    assert mood_from_tag_or_folder("/home/blue/music/x.mp3", "/home/blue/music", "") is None


def test_a_moved_and_a_renamed_file_keep_their_row_user_mood_and_estimate(
        db: LibraryDatabase, music: Path) -> None:
    scan_folders(db, [music])
    two = db.track_by_path(music / "Artist" / "two.flac")
    one = db.track_by_path(music / "Artist" / "one.mp3")
    db.set_user_mood(two.id, "angry")
    db.set_mood(two.id, 0.1, 0.2, "calm", "audio", "tempo")
    db.set_user_mood(one.id, "sad")
    (music / "Elsewhere").mkdir()
    (music / "Artist" / "two.flac").rename(music / "Elsewhere" / "two moved.flac")
    (music / "Artist" / "one.mp3").rename(music / "Artist" / "one (renamed).mp3")

    report = scan_folders(db, [music])

    assert (report.added, report.removed, report.moved) == (0, 0, 2)
    moved = db.track_by_path(music / "Elsewhere" / "two moved.flac")
    assert (moved.id, moved.mood, moved.mood_source) == (two.id, "angry", "user")
    db.set_user_mood(moved.id, None)
    assert (db.track(two.id).mood, db.track(two.id).mood_method) == ("calm", "tempo")  # the estimate came too
    renamed = db.track_by_path(music / "Artist" / "one (renamed).mp3")
    assert (renamed.id, renamed.mood) == (one.id, "sad")
    assert db.count() == 5 and db.kept_user_mood_count() == 0


def test_a_user_mood_comes_back_when_a_removed_file_returns_elsewhere(
        db: LibraryDatabase, music: Path, tmp_path: Path) -> None:
    scan_folders(db, [music])
    three = db.track_by_path(music / "Chill" / "three.ogg")
    db.set_user_mood(three.id, "happy")
    outside = tmp_path / "outside"
    outside.mkdir()
    (music / "Chill" / "three.ogg").rename(outside / "three.ogg")
    assert scan_folders(db, [music]).removed == 1  # really gone from the library: its row goes
    assert db.kept_user_mood_count() == 1

    (outside / "three.ogg").rename(music / "three again.ogg")
    report = scan_folders(db, [music])

    assert report.added == 1
    back = db.track_by_path(music / "three again.ogg")
    assert (back.mood, back.mood_source) == ("happy", "user")
    assert db.kept_user_mood_count() == 0


def test_a_different_file_does_not_take_a_gone_file_s_mood(db: LibraryDatabase, music: Path, make_audio) -> None:
    scan_folders(db, [music])
    db.set_user_mood(db.track_by_path(music / "Chill" / "three.ogg").id, "happy")
    (music / "Chill" / "three.ogg").unlink()
    make_audio(music / "Chill" / "other.ogg", seconds=0.9, title="Three")  # same title, other audio
    report = scan_folders(db, [music])
    assert (report.added, report.removed, report.moved) == (1, 1, 0)
    assert db.track_by_path(music / "Chill" / "other.ogg").mood_source == "folder"


def test_a_folder_that_goes_empty_keeps_its_tracks_and_moods_until_it_comes_back(
        db: LibraryDatabase, tmp_path: Path, make_audio) -> None:
    drive = tmp_path / "usb"
    make_audio(drive / "a.mp3", title="A")
    make_audio(drive / "sub" / "b.ogg", title="B")
    scan_folders(db, [drive])
    db.set_user_mood(db.track_by_path(drive / "a.mp3").id, "energetic")
    unplugged = tmp_path / "unplugged"
    drive.rename(unplugged)
    drive.mkdir()  # the mount point stays, empty

    report = scan_folders(db, [drive])

    assert (report.removed, db.count()) == (0, 2)
    assert report.unreachable == [str(drive)]
    assert [item.path for item in report.skipped] == [str(drive)]
    assert "empty" in report.skipped[0].reason and "kept" in report.skipped[0].reason
    assert db.track_by_path(drive / "a.mp3").mood == "energetic"

    drive.rmdir()
    unplugged.rename(drive)  # plugged in again
    report = scan_folders(db, [drive])
    assert (report.unchanged, report.removed, report.unreachable) == (2, 0, [])
    assert db.track_by_path(drive / "a.mp3").mood == "energetic"


def test_an_empty_new_folder_is_not_reported_as_unreachable(db: LibraryDatabase, tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    report = scan_folders(db, [tmp_path / "new"])
    assert (report.unreachable, report.skipped) == ([], [])


def test_files_really_deleted_from_a_folder_that_still_has_music_are_removed(
        db: LibraryDatabase, tmp_path: Path, make_audio) -> None:
    make_audio(tmp_path / "m" / "keep.mp3", title="Keep")
    make_audio(tmp_path / "m" / "gone.mp3", title="Gone", artist="X")
    scan_folders(db, [tmp_path / "m"])
    (tmp_path / "m" / "gone.mp3").unlink()
    report = scan_folders(db, [tmp_path / "m"])
    assert (report.removed, report.unreachable, db.count()) == (1, [], 1)


def test_a_library_from_before_track_numbers_keeps_every_row_and_mood_and_its_next_scan_reads_them(
        db: LibraryDatabase, tmp_path: Path, make_audio) -> None:
    """A library as schema step 5 left it: the first scan after the upgrade reads the tags again though no
    file changed, and the ids, the user's mood, the audio estimate and a known failure stay as they were."""
    import sqlite3

    from emotune.library.library_schema import MIGRATIONS

    root = tmp_path / "old music"
    paths = [make_audio(root / f"{n}.flac", title=f"Song {n}", artist="Ada", album="Firsts",
                        tracknumber=str(n), discnumber="1", date="1999") for n in (1, 2, 3)]
    old = tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as raw:
        for step in MIGRATIONS[:5]:
            raw.executescript(step)
        for number, path in enumerate(paths, start=1):
            info = path.stat()
            raw.execute("INSERT INTO tracks (id, path, title, artist, album, duration, size, mtime)"
                        " VALUES (?, ?, ?, 'Ada', 'Firsts', 0.5, ?, ?)",
                        (number * 10, str(path), f"Song {number}", info.st_size, info.st_mtime))
        raw.execute("UPDATE tracks SET user_mood = 'angry' WHERE id = 10")
        raw.execute("UPDATE tracks SET valence = 0.1, arousal = -0.5, mood = 'calm', mood_source = 'audio',"
                    " mood_method = 'tempo', mood_size = size, mood_mtime = mtime WHERE id IN (10, 20)")
        raw.execute("UPDATE tracks SET analysis_error = 'no audio stream', error_size = size, error_mtime = mtime"
                    " WHERE id = 30")
        raw.execute("PRAGMA user_version = 5")
    db.close()
    upgraded = LibraryDatabase(old)
    assert [t.track_number for t in upgraded.tracks()] == [0, 0, 0]

    report = scan_folders(upgraded, [root])

    assert (report.updated, report.added, report.removed, report.unchanged) == (3, 0, 0, 0)
    by_id = {track.id: track for track in upgraded.tracks()}
    assert sorted(by_id) == [10, 20, 30]
    assert [(by_id[n * 10].track_number, by_id[n * 10].disc_number, by_id[n * 10].year) for n in (1, 2, 3)] == [
        (1, 1, 1999), (2, 1, 1999), (3, 1, 1999)]
    assert (by_id[10].mood, by_id[10].mood_source) == ("angry", "user")
    assert (by_id[20].mood, by_id[20].mood_source, by_id[20].mood_method) == ("calm", "audio", "tempo")
    upgraded.set_user_mood(10, None)
    assert upgraded.track(10).mood == "calm"  # the estimate under the user's mood is kept too
    assert upgraded.tracks_needing_mood() == []  # nothing is analysed again
    assert [(t.id, reason) for t, reason in upgraded.analysis_failures()] == [(30, "no audio stream")]
    assert scan_folders(upgraded, [root]).unchanged == 3  # read once, not on every scan
    upgraded.close()
