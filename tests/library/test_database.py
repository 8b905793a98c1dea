from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from emotune.errors import LibraryError
from emotune.library.database import SCHEMA_VERSION, LibraryDatabase, default_database_path
from emotune.library.track import Track
from emotune.mood_space import MOOD_VA


def _track(path: str, **fields) -> Track:
    return Track(path=path, size=fields.pop("size", 100), mtime=fields.pop("mtime", 1.0), **fields)


def test_database_runs_in_wal_mode_at_the_current_schema_version(db: LibraryDatabase) -> None:
    assert db.journal_mode() == "wal"
    assert db.schema_version() == SCHEMA_VERSION >= 1
    with sqlite3.connect(db.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_location_is_in_the_data_dir(emotune_home: Path) -> None:
    assert default_database_path() == emotune_home / "data" / "library.sqlite3"


def test_migrations_are_idempotent_and_keep_data(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    first = LibraryDatabase(path)
    track_id = first.upsert_track(_track("/music/a.mp3", title="A"))
    first.migrate()
    first.close()
    again = LibraryDatabase(path)
    again.migrate()
    assert again.schema_version() == SCHEMA_VERSION
    assert again.count() == 1
    assert again.track(track_id).title == "A"
    again.close()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(LibraryError, match="newer Emotune") as caught:
        LibraryDatabase(path)
    assert str(path) in caught.value.detail


def test_a_damaged_file_becomes_a_library_error(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 100)
    with pytest.raises(LibraryError, match="damaged") as caught:
        LibraryDatabase(path)
    assert "scan your music again" in caught.value.detail


def test_upsert_inserts_then_updates_the_same_row(db: LibraryDatabase) -> None:
    track_id = db.upsert_track(_track("/m/a.flac", title="Old", artist="X", duration=3.0))
    assert db.upsert_track(_track("/m/a.flac", title="New", artist="X", size=5, mtime=2.0)) == track_id
    stored = db.track(track_id)
    assert (stored.title, stored.size, stored.mtime, stored.id) == ("New", 5, 2.0, track_id)
    assert db.track_by_path("/m/a.flac") == stored
    assert db.track_by_path(Path("/m/a.flac")) == stored
    assert db.track(track_id + 100) is None
    assert db.count() == 1


def test_remove_paths_and_file_signatures(db: LibraryDatabase) -> None:
    for name in "abc":
        db.upsert_track(_track(f"/m/{name}.ogg", size=ord(name), mtime=float(ord(name))))
    assert db.file_signatures() == {f"/m/{n}.ogg": (ord(n), float(ord(n))) for n in "abc"}
    assert db.remove_paths(["/m/a.ogg", Path("/m/c.ogg"), "/m/missing.ogg"]) == 2
    assert [t.path for t in db.tracks()] == ["/m/b.ogg"]


def test_search_is_case_insensitive_across_fields_and_words(db: LibraryDatabase) -> None:
    db.upsert_track(_track("/m/1.mp3", title="Yellow Submarine", artist="The Beatles", album="Revolver", genre="Rock"))
    db.upsert_track(_track("/m/2.mp3", title="Blue in Green", artist="Miles Davis", album="Kind of Blue", genre="Jazz"))
    db.upsert_track(_track("/m/3.mp3", title="Ölmühle", artist="Ärzte", mood="calm", mood_source="tag",
                           valence=0.4, arousal=-0.6))
    assert [t.title for t in db.tracks("beatles")] == ["Yellow Submarine"]
    assert [t.title for t in db.tracks("JAZZ")] == ["Blue in Green"]
    assert [t.title for t in db.tracks("kind of")] == ["Blue in Green"]
    assert [t.title for t in db.tracks("blue davis")] == ["Blue in Green"]
    assert db.tracks("blue beatles") == []
    assert [t.title for t in db.tracks("ölMÜHLE")] == ["Ölmühle"]
    assert [t.title for t in db.tracks("CALM")] == ["Ölmühle"]
    assert len(db.tracks("")) == len(db.tracks("   ")) == 3
    db.set_user_mood(db.track_by_path("/m/1.mp3").id, "sad")
    assert [t.title for t in db.tracks("sad")] == ["Yellow Submarine"]


def test_user_mood_overrides_the_estimate_and_clearing_restores_it(db: LibraryDatabase) -> None:
    track_id = db.upsert_track(_track("/m/a.mp3", mood="happy", mood_source="tag", mood_tag="Happy",
                                      valence=MOOD_VA["happy"][0], arousal=MOOD_VA["happy"][1]))
    db.set_user_mood(track_id, "sad")
    pinned = db.track(track_id)
    assert (pinned.mood, pinned.mood_source, (pinned.valence, pinned.arousal)) == ("sad", "user", MOOD_VA["sad"])
    db.set_user_mood(track_id, None)
    restored = db.track(track_id)
    assert (restored.mood, restored.mood_source) == ("happy", "tag")
    assert (restored.valence, restored.arousal) == MOOD_VA["happy"]


def test_an_estimate_never_overrides_the_user_and_shows_once_the_user_clears(db: LibraryDatabase) -> None:
    track_id = db.upsert_track(_track("/m/a.mp3"))
    db.set_user_mood(track_id, "calm")
    assert db.set_mood(track_id, 0.2, 0.9, "energetic", "audio", "tempo+energy")
    assert db.track(track_id).mood == "calm"
    db.set_user_mood(track_id, None)
    estimate = db.track(track_id)
    assert (estimate.mood, estimate.mood_source, estimate.mood_method) == ("energetic", "audio", "tempo+energy")
    assert (estimate.valence, estimate.arousal) == (0.2, 0.9)


def test_an_audio_estimate_does_not_replace_a_tag_unless_the_file_changed(db: LibraryDatabase) -> None:
    track_id = db.upsert_track(_track("/m/a.mp3", mood="happy", mood_source="tag", valence=0.7, arousal=0.45))
    assert not db.set_mood(track_id, -0.5, -0.5, "sad", "audio", "mode")
    assert db.track(track_id).mood == "happy"
    assert db.set_mood(track_id, 0.3, 0.85, "energetic", "tag", "")
    assert db.track(track_id).mood == "energetic"


def test_user_mood_is_validated_and_needs_an_existing_track(db: LibraryDatabase) -> None:
    track_id = db.upsert_track(_track("/m/a.mp3"))
    with pytest.raises(ValueError):
        db.set_user_mood(track_id, "furious")
    with pytest.raises(LibraryError, match="no longer in the library"):
        db.set_user_mood(track_id + 1, "sad")
    with pytest.raises(ValueError):
        db.set_mood(track_id, 0, 0, "sad", "user", "")


def test_tracks_needing_mood_follow_missing_and_stale_estimates(db: LibraryDatabase) -> None:
    plain = db.upsert_track(_track("/m/plain.mp3"))
    tagged = db.upsert_track(_track("/m/tagged.mp3", mood="sad", mood_source="tag", valence=-0.6, arousal=-0.4))
    assert [t.id for t in db.tracks_needing_mood()] == [plain]
    db.set_mood(plain, 0.1, 0.2, "happy", "audio", "features")
    assert db.tracks_needing_mood() == []
    # the file changes on disk: a rescan stores the new signature and the audio estimate is stale
    db.upsert_track(_track("/m/plain.mp3", size=999, mtime=5.0))
    stale = db.tracks_needing_mood()
    assert [t.id for t in stale] == [plain]
    assert stale[0].mood == "happy", "a stale estimate is still shown until a new one arrives"
    assert db.set_mood(plain, -0.2, 0.1, "angry", "audio", "features")
    assert db.tracks_needing_mood() == []
    assert db.track(tagged).mood == "sad"


def test_a_rescan_without_the_mood_tag_drops_the_tag_mood_but_keeps_audio_estimates(db: LibraryDatabase) -> None:
    tagged = db.upsert_track(_track("/m/t.mp3", mood="sad", mood_source="tag", valence=-0.6, arousal=-0.4))
    estimated = db.upsert_track(_track("/m/e.mp3"))
    db.set_mood(estimated, 0.5, 0.5, "happy", "audio", "features")
    db.set_user_mood(tagged, "calm")
    db.upsert_track(_track("/m/t.mp3", title="retagged"))
    db.upsert_track(_track("/m/e.mp3", title="retitled"))
    assert db.track(tagged).mood_source == "user"
    db.set_user_mood(tagged, None)
    assert (db.track(tagged).mood, db.track(tagged).valence) == ("", None)
    assert db.track(estimated).mood == "happy"
    # writing back a track read from the database leaves its user mood and estimate alone
    db.set_user_mood(estimated, "sad")
    round_trip = db.track(estimated)
    round_trip.title = "edited"
    db.upsert_track(round_trip)
    db.set_user_mood(estimated, None)
    assert (db.track(estimated).title, db.track(estimated).mood) == ("edited", "happy")


def test_a_writing_thread_does_not_block_readers_on_another_thread(db: LibraryDatabase) -> None:
    db.upsert_track(_track("/m/existing.mp3"))
    inside, release, failures = threading.Event(), threading.Event(), []

    def writer() -> None:
        try:
            with db.batch():
                db.upsert_track(_track("/m/new.mp3"))
                inside.set()
                release.wait(timeout=10)
        except Exception as error:  # reported to the main thread below
            failures.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert inside.wait(timeout=10)
        assert db.count() == 1, "the uncommitted write is not visible, and reading did not wait for it"
    finally:
        release.set()
        thread.join(timeout=10)
    assert failures == []
    assert db.count() == 2


def test_a_failed_batch_is_rolled_back(db: LibraryDatabase) -> None:
    with pytest.raises(RuntimeError):
        with db.batch():
            db.upsert_track(_track("/m/a.mp3"))
            raise RuntimeError("scan interrupted")
    assert db.count() == 0


def test_a_closed_database_raises_a_library_error(tmp_path: Path) -> None:
    database = LibraryDatabase(tmp_path / "lib.sqlite3")
    database.close()
    with pytest.raises(LibraryError, match="closed"):
        database.count()


def test_track_and_disc_numbers_are_stored_and_order_an_artist_s_albums(db: LibraryDatabase) -> None:
    for path, disc, number in (("/m/b2.ogg", 2, 1), ("/m/a10.ogg", 1, 10), ("/m/a2.ogg", 1, 2)):
        db.upsert_track(_track(path, title=f"Z {path}", artist="Ada", album="Box", disc_number=disc,
                               track_number=number, year=2004))
    db.upsert_track(_track("/m/other.ogg", title="A", artist="Ada", album="Another"))
    tracks = db.tracks()
    assert [t.path for t in tracks] == ["/m/other.ogg", "/m/a2.ogg", "/m/a10.ogg", "/m/b2.ogg"]
    assert (tracks[3].disc_number, tracks[3].track_number, tracks[3].year) == (2, 1, 2004)
    assert db.paths_with_old_tags() == set()
