from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from emotune.library.database import LibraryDatabase


def _emotune(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "EMOTUNE_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "emotune", *args], env=env, capture_output=True, text=True, timeout=60)


def test_scan_json_prints_one_report_and_fills_the_default_database(tmp_path: Path, make_audio) -> None:
    make_audio(tmp_path / "music" / "happy" / "a.mp3", title="A")
    make_audio(tmp_path / "music" / "b.flac", title="B")
    (tmp_path / "music" / "broken.ogg").write_text("not audio")
    done = _emotune("scan", str(tmp_path / "music"), "--json", home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert list(report) == ["files_seen", "added", "updated", "removed", "unchanged", "skipped", "seconds"]
    assert (report["files_seen"], report["added"], report["removed"]) == (3, 2, 0)
    assert [item["path"] for item in report["skipped"]] == [str(tmp_path / "music" / "broken.ogg")]
    db = LibraryDatabase(tmp_path / "home" / "data" / "library.sqlite3")
    assert sorted(track.title for track in db.tracks()) == ["A", "B"]
    db.close()


def test_scan_with_db_option_and_a_human_summary(tmp_path: Path, make_audio) -> None:
    make_audio(tmp_path / "one" / "a.ogg")
    make_audio(tmp_path / "two" / "b.ogg")
    database = tmp_path / "elsewhere" / "lib.sqlite3"
    done = _emotune("scan", str(tmp_path / "one"), str(tmp_path / "two"), "--db", str(database), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Scanned 2 audio files in ")
    assert "2 added" in done.stdout
    assert database.is_file() and not (tmp_path / "home" / "data" / "library.sqlite3").exists()


def test_scan_of_a_missing_folder_fails_with_a_message(tmp_path: Path) -> None:
    done = _emotune("scan", str(tmp_path / "nowhere"), home=tmp_path / "home")
    assert done.returncode == 2
    assert "not a folder" in done.stderr and str(tmp_path / "nowhere") in done.stderr


def test_scan_into_a_damaged_database_starts_a_new_one_and_says_so(tmp_path: Path, make_audio) -> None:
    make_audio(tmp_path / "music" / "a.ogg", title="A")
    database = tmp_path / "lib.sqlite3"
    database.write_bytes(b"")  # a 0-byte file is a damaged library, not a new one
    done = _emotune("scan", str(tmp_path / "music"), "--db", str(database), "--json", home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "damaged" in done.stderr and ".corrupt-" in done.stderr
    assert json.loads(done.stdout)["added"] == 1
    assert [p.name.split(".corrupt-")[0] for p in tmp_path.iterdir() if ".corrupt-" in p.name] == ["lib.sqlite3"]
