from __future__ import annotations

from pathlib import Path

import pytest
from mutagen.id3 import ID3, TCON, TXXX, TYER

from emotune.library.audio_writer import solid_png
from emotune.library.tag_reader import FileTags, UnreadableFile, read_cover, read_tags

TAGS = {"title": "Título", "artist": "Artist", "album": "Album", "genre": "Folk", "mood": "Chill"}


@pytest.mark.parametrize("suffix", [".flac", ".ogg", ".mp3", ".wav", ".m4a"])
def test_tags_duration_and_cover_are_read_from_real_files(tmp_path: Path, make_audio, suffix: str) -> None:
    path = make_audio(tmp_path / f"song{suffix}", seconds=1.0, cover=True, **TAGS)
    tags = read_tags(path)
    assert (tags.title, tags.artist, tags.album, tags.genre, tags.mood) == tuple(TAGS.values())
    assert tags.duration == pytest.approx(1.0, abs=0.1)
    assert read_cover(path) == solid_png((10, 200, 30))


@pytest.mark.parametrize("suffix", [".flac", ".ogg", ".mp3", ".wav", ".m4a"])
def test_track_and_disc_numbers_and_the_year_are_read_from_real_files(tmp_path: Path, make_audio, suffix: str) -> None:
    path = make_audio(tmp_path / f"song{suffix}", tracknumber="03/12", discnumber="2/2", date="2001-05-02")
    tags = read_tags(path)
    assert (tags.track_number, tags.disc_number, tags.year) == (3, 2, 2001)


def test_numbers_that_are_not_numbers_read_as_none(tmp_path: Path, make_audio) -> None:
    path = make_audio(tmp_path / "odd.flac", tracknumber="A1", discnumber="9" * 40, date="unknown")
    tags = read_tags(path)
    assert (tags.track_number, tags.disc_number, tags.year) == (0, 0, 0)
    assert read_tags(make_audio(tmp_path / "written.ogg", date="May 1999")).year == 1999


def test_a_file_without_tags_gives_empty_fields_and_no_cover(tmp_path: Path, make_audio) -> None:
    path = make_audio(tmp_path / "bare.flac", seconds=0.5)
    assert read_tags(path) == FileTags(duration=pytest.approx(0.5, abs=0.05))
    assert read_cover(path) is None


def test_id3_mood_from_txxx_and_numeric_genres(tmp_path: Path, make_audio) -> None:
    path = make_audio(tmp_path / "song.mp3", title="T")
    id3 = ID3(path)
    id3.add(TXXX(encoding=3, desc="MOOD", text=["Energetic"]))
    id3.add(TCON(encoding=3, text=["(13)"]))
    id3.add(TYER(encoding=3, text=["1987"]))  # the year as ID3v2.3 writes it
    id3.save(v2_version=3)
    tags = read_tags(path)
    assert (tags.mood, tags.genre, tags.year) == ("Energetic", "Pop", 1987)


def test_unreadable_files_raise_with_a_reason(tmp_path: Path, make_audio) -> None:
    empty = tmp_path / "empty.flac"
    empty.touch()
    text = tmp_path / "notes.ogg"
    text.write_text("these are my notes, not a song\n" * 20)
    good = make_audio(tmp_path / "good.mp3", title="x" * 400)
    truncated = tmp_path / "truncated.mp3"
    truncated.write_bytes(good.read_bytes()[:300])  # cut inside the ID3 tag, before any audio frame
    reasons = {}
    for path in (empty, text, truncated, tmp_path / "missing.mp3"):
        with pytest.raises(UnreadableFile) as caught:
            read_tags(path)
        reasons[path.name] = caught.value.reason
        assert read_cover(path) is None
    assert reasons["empty.flac"] == "the file is empty"
    assert "not a recognised audio format" in reasons["notes.ogg"]
    assert "damaged or truncated" in reasons["truncated.mp3"]
    assert "No such file" in reasons["missing.mp3"]


@pytest.mark.parametrize("suffix", [".mp3", ".ogg", ".m4a"])
def test_a_one_megabyte_title_is_cut_when_read(tmp_path: Path, make_audio, suffix: str) -> None:
    from emotune.library.tag_reader import MAX_TAG_CHARS

    path = make_audio(tmp_path / f"long{suffix}", title="é" * 1_000_000, artist="A " * 5000, album="Short")
    tags = read_tags(path)
    assert tags.title == "é" * MAX_TAG_CHARS
    assert len(tags.artist) <= MAX_TAG_CHARS and tags.artist.startswith("A A")
    assert tags.album == "Short"


def test_long_tags_stored_by_an_older_version_are_cut_by_the_migration(tmp_path: Path) -> None:
    import sqlite3

    from emotune.library.database import MIGRATIONS, LibraryDatabase

    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as raw:  # a library as schema step 2 left it
        for step in MIGRATIONS[:2]:
            raw.executescript(step)
        raw.execute("INSERT INTO tracks (path, title, artist) VALUES ('/m/a.mp3', ?, 'Ada')", ("t" * 1_000_000,))
        raw.execute("PRAGMA user_version = 2")
    db = LibraryDatabase(path)
    track = db.track_by_path("/m/a.mp3")
    assert (len(track.title), track.artist) == (1024, "Ada")
    db.close()
