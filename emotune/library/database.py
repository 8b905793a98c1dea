"""The music library: one SQLite file holding a row per audio file with its tags and mood.

The scan worker writes while the GUI thread reads, so the database runs in WAL mode (readers never
wait for a writer) and each thread gets its own connection. The schema carries its version in
``PRAGMA user_version``; opening a database applies the migrations it has not seen yet.

A track's mood is kept in two layers so that a person's choice never destroys the machine's work:
the estimate columns (``valence``, ``arousal``, ``mood``, ``mood_source`` = tag/folder/audio,
``mood_method``) and ``user_mood``. A user mood wins while it is set; clearing it brings back the
estimate underneath.

A user mood is never lost with its row: ``remove_paths`` keeps it in ``kept_user_moods`` and a track
added later with the same path or the same identity (size, duration, title, artist) takes it back.
"""
from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from emotune.errors import LibraryError
from emotune.library.library_schema import MIGRATIONS, SCHEMA_VERSION, TAGS_VERSION
from emotune.library.track import Track
from emotune.mood_space import MOOD_VA, TRACK_MOODS
from emotune.paths import data_dir

ESTIMATE_TRUST: dict[str, int] = {"tag": 3, "folder": 2, "audio": 1, "": 0}
"""An estimate only replaces one of equal or lower trust (an audio guess never overwrites a MOOD tag)."""

_COLUMNS = (
    "id, path, title, artist, album, genre, track_number, disc_number, year, duration, mood_tag, size, mtime,"
    " valence, arousal, mood, mood_source, mood_method, user_mood"
)
_MOOD_COLUMNS = ("valence", "arousal", "mood", "mood_source", "mood_method", "mood_size", "mood_mtime")
# On a rescan a file without a MOOD tag or mood folder keeps its audio estimate (the signature check
# in tracks_needing_mood decides whether it is stale) but loses a tag/folder mood it no longer has.
_KEEP_ESTIMATE = "(:keep_mood OR (excluded.mood_source = '' AND tracks.mood_source = 'audio'))"
_UPSERT = (
    "INSERT INTO tracks (path, title, artist, album, genre, track_number, disc_number, year, duration, mood_tag,"
    " size, mtime, tags_version, "
    + ", ".join(_MOOD_COLUMNS)
    + ") VALUES (:path, :title, :artist, :album, :genre, :track_number, :disc_number, :year, :duration, :mood_tag,"
    " :size, :mtime, :tags_version, "
    + ", ".join(f":{column}" for column in _MOOD_COLUMNS)
    + ") ON CONFLICT(path) DO UPDATE SET title = excluded.title, artist = excluded.artist,"
    " album = excluded.album, genre = excluded.genre, track_number = excluded.track_number,"
    " disc_number = excluded.disc_number, year = excluded.year, duration = excluded.duration,"
    " mood_tag = excluded.mood_tag, size = excluded.size, mtime = excluded.mtime,"
    " tags_version = excluded.tags_version, "
    + ", ".join(f"{c} = CASE WHEN {_KEEP_ESTIMATE} THEN tracks.{c} ELSE excluded.{c} END" for c in _MOOD_COLUMNS)
    + " RETURNING id"
)

_KNOWN_FAILURE = "(analysis_error != '' AND error_size IS size AND error_mtime IS mtime)"
"""The file failed analysis and has not changed since."""

F = TypeVar("F", bound=Callable[..., Any])


class DamagedLibraryError(LibraryError):
    """The database file is not a readable SQLite library (damaged, truncated, not a database)."""


def default_database_path() -> Path:
    return data_dir() / "library.sqlite3"


def _translate_errors(method: F) -> F:
    """Turn sqlite3 errors raised by ``method`` into a LibraryError a person can act on."""

    @functools.wraps(method)
    def wrapper(self: LibraryDatabase, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise self._library_error(error) from error

    return wrapper  # type: ignore[return-value]


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script`` one by one (a trigger body's own semicolons stay inside it)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


def _casefold(text: str | None) -> str:
    return text.casefold() if text else ""


def _row_to_track(row: sqlite3.Row) -> Track:
    track = Track(
        id=row["id"], path=row["path"], title=row["title"], artist=row["artist"], album=row["album"],
        genre=row["genre"], track_number=row["track_number"], disc_number=row["disc_number"], year=row["year"],
        duration=row["duration"], mood_tag=row["mood_tag"], size=row["size"],
        mtime=row["mtime"], valence=row["valence"], arousal=row["arousal"], mood=row["mood"],
        mood_source=row["mood_source"], mood_method=row["mood_method"],
    )
    user_mood = row["user_mood"]
    if user_mood in MOOD_VA:
        track.valence, track.arousal = MOOD_VA[user_mood]
        track.mood, track.mood_source, track.mood_method = user_mood, "user", ""
    return track


class LibraryDatabase:
    """Tracks, their tags and moods; safe to use from several threads (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError("Cannot create the library folder", f"{self.path.parent}: {error.strerror}.") from error
        try:
            self.migrate()
        except BaseException:
            self.close()
            raise

    # -- connections and transactions ------------------------------------
    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            return connection
        if self._closed:
            raise LibraryError("The library is closed", "The music library was closed while still in use.")
        # isolation_level=None: transactions are begun and ended explicitly in batch().
        connection = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
        try:
            connection.row_factory = sqlite3.Row
            connection.create_function("casefold", 1, _casefold, deterministic=True)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error:
            connection.close()
            raise
        self._local.connection = connection
        self._local.depth = 0
        with self._connections_lock:
            self._connections.append(connection)
        return connection

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the writes made inside into one transaction (nested batches join the outer one).

        One transaction per few hundred files is what makes a first scan fast: SQLite syncs once per
        commit, not once per row.
        """
        try:
            connection = self._connection()
            depth = self._local.depth
            if depth == 0:
                connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._library_error(error) from error
        self._local.depth = depth + 1
        try:
            yield
        except BaseException:
            if depth == 0:
                connection.execute("ROLLBACK")
            raise
        else:
            if depth == 0:
                try:
                    connection.execute("COMMIT")
                except sqlite3.Error as error:
                    connection.execute("ROLLBACK")
                    raise self._library_error(error) from error
        finally:
            self._local.depth = depth

    def _library_error(self, error: sqlite3.Error) -> LibraryError:
        text = str(error)
        if "not a database" in text or "malformed" in text or "disk image" in text:
            return DamagedLibraryError("The library database is damaged",
                                f"{self.path} could not be read ({text}). Move it aside and scan your music again.")
        if "locked" in text or "busy" in text:
            return LibraryError("The library database is busy",
                                f"{self.path} is locked ({text}). Is another Emotune running?")
        return LibraryError("Library database error", f"{self.path}: {text}.")

    @_translate_errors
    def migrate(self) -> None:
        """Bring the schema up to SCHEMA_VERSION; running it again changes nothing."""
        connection = self._connection()
        with self.batch():
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LibraryError(
                    "The library database is from a newer Emotune",
                    f"{self.path} has schema version {version}; this Emotune knows up to {SCHEMA_VERSION}. "
                    "Update Emotune, or move the file aside to start a new library.",
                )
            for step in MIGRATIONS[version:]:
                for statement in _statements(step):
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @_translate_errors
    def check_integrity(self) -> None:
        """Raise DamagedLibraryError unless ``PRAGMA quick_check`` finds every page sound (it reads them
        all: tens of milliseconds for 20,000 tracks)."""
        problems = [row[0] for row in self._connection().execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise DamagedLibraryError("The library database is damaged",
                                      f"{self.path} failed its integrity check: {'; '.join(problems)}.")

    @_translate_errors
    def schema_version(self) -> int:
        return self._connection().execute("PRAGMA user_version").fetchone()[0]

    @_translate_errors
    def journal_mode(self) -> str:
        return self._connection().execute("PRAGMA journal_mode").fetchone()[0]

    def close(self) -> None:
        """Close every thread's connection; the database is unusable afterwards."""
        self._closed = True
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()

    # -- reading ---------------------------------------------------------
    @_translate_errors
    def tracks(self, search: str = "") -> list[Track]:
        """All tracks, or those where every word of ``search`` occurs in title/artist/album/genre/mood."""
        haystack = ("casefold(title || ' ' || artist || ' ' || album || ' ' || genre"
                    " || ' ' || COALESCE(user_mood, mood))")
        terms = search.casefold().split()
        where = " AND ".join(f"instr({haystack}, ?) > 0" for _ in terms) or "1"
        rows = self._connection().execute(
            f"SELECT {_COLUMNS} FROM tracks WHERE {where}"
            " ORDER BY artist COLLATE NOCASE, album COLLATE NOCASE, disc_number, track_number, title COLLATE NOCASE,"
            " path",
            terms,
        )
        return [_row_to_track(row) for row in rows]

    @_translate_errors
    def track(self, track_id: int) -> Track | None:
        row = self._connection().execute(f"SELECT {_COLUMNS} FROM tracks WHERE id = ?", (track_id,)).fetchone()
        return _row_to_track(row) if row else None

    @_translate_errors
    def track_by_path(self, path: str | Path) -> Track | None:
        row = self._connection().execute(f"SELECT {_COLUMNS} FROM tracks WHERE path = ?", (str(path),)).fetchone()
        return _row_to_track(row) if row else None

    @_translate_errors
    def count(self) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM tracks").fetchone()[0]

    @_translate_errors
    def file_signatures(self) -> dict[str, tuple[int, float]]:
        """path -> (size, mtime) of every track, so a rescan can skip files that did not change."""
        rows = self._connection().execute("SELECT path, size, mtime FROM tracks")
        return {path: (size, mtime) for path, size, mtime in rows}

    @_translate_errors
    def paths_with_old_tags(self) -> set[str]:
        """Paths of the rows whose tags an older Emotune read (see TAGS_VERSION): a scan reads them again."""
        rows = self._connection().execute("SELECT path FROM tracks WHERE tags_version < ?", (TAGS_VERSION,))
        return {path for (path,) in rows}

    @_translate_errors
    def tracks_needing_mood(self) -> list[Track]:
        """Tracks with no estimated mood, or whose file changed since its audio estimate.

        The estimate layer is filled in even under a user mood, so that clearing the user's choice
        always has an estimate to fall back to.
        """
        rows = self._connection().execute(
            f"SELECT {_COLUMNS} FROM tracks WHERE (mood_source = ''"
            " OR (mood_source = 'audio' AND (mood_size IS NOT size OR mood_mtime IS NOT mtime)))"
            f" AND NOT {_KNOWN_FAILURE} ORDER BY id"
        )
        return [_row_to_track(row) for row in rows]

    @_translate_errors
    def analysis_failures(self) -> list[tuple[Track, str]]:
        """Tracks whose audio could not be analysed, as the files are now, each with the reason."""
        rows = self._connection().execute(
            f"SELECT {_COLUMNS}, analysis_error FROM tracks WHERE {_KNOWN_FAILURE} ORDER BY id")
        return [(_row_to_track(row), row["analysis_error"]) for row in rows]

    @_translate_errors
    def set_analysis_failed(self, track_id: int, reason: str) -> None:
        """Record that the file of ``track_id``, as it is now, cannot be analysed, and why; it is not
        offered for analysis again until its size or mtime changes."""
        with self.batch():
            self._connection().execute(
                "UPDATE tracks SET analysis_error = ?, error_size = size, error_mtime = mtime WHERE id = ?",
                (reason or "could not be analysed", track_id))

    # -- writing ---------------------------------------------------------
    @_translate_errors
    def upsert_track(self, track: Track) -> int:
        """Insert or update the row for ``track.path``; returns its id.

        A tag or folder mood on ``track`` replaces the stored estimate; a track without one keeps an
        audio estimate. The user's mood is never touched here (see set_user_mood).
        """
        has_estimate = track.mood_source in ESTIMATE_TRUST and track.mood_source != "" and track.valence is not None
        values = {
            "path": track.path, "title": track.title, "artist": track.artist, "album": track.album,
            "genre": track.genre, "track_number": track.track_number, "disc_number": track.disc_number,
            "year": track.year, "duration": track.duration, "mood_tag": track.mood_tag,
            "size": track.size, "mtime": track.mtime, "tags_version": TAGS_VERSION,
            "valence": track.valence if has_estimate else None,
            "arousal": track.arousal if has_estimate else None,
            "mood": track.mood if has_estimate else "",
            "mood_source": track.mood_source if has_estimate else "",
            "mood_method": track.mood_method if has_estimate else "",
            "mood_size": track.size if has_estimate else None,
            "mood_mtime": track.mtime if has_estimate else None,
            "keep_mood": track.mood_source == "user",
        }
        with self.batch():
            return self._connection().execute(_UPSERT, values).fetchone()[0]

    @_translate_errors
    def move_track(self, old_path: str | Path, new_path: str | Path) -> bool:
        """Give the row of ``old_path`` the path ``new_path`` (a moved or renamed file), keeping its id,
        its user mood and its estimate; False if there is no such row or ``new_path`` already has one."""
        with self.batch():
            cursor = self._connection().execute(
                "UPDATE OR IGNORE tracks SET path = ? WHERE path = ?", (str(new_path), str(old_path)))
            return cursor.rowcount > 0

    @_translate_errors
    def tracks_at(self, paths: Iterable[str | Path]) -> list[Track]:
        """The tracks stored for ``paths`` (those that have a row)."""
        connection = self._connection()
        found = []
        for path in paths:
            row = connection.execute(f"SELECT {_COLUMNS} FROM tracks WHERE path = ?", (str(path),)).fetchone()
            if row:
                found.append(_row_to_track(row))
        return found

    @_translate_errors
    def tracks_with_ids(self, track_ids: Iterable[int]) -> list[Track]:
        """The tracks with these ids that still exist, in id order."""
        ids = sorted(set(track_ids))
        found: list[Track] = []
        for start in range(0, len(ids), 500):  # SQLite's host-parameter limit is larger; 500 keeps it cheap
            chunk = ids[start:start + 500]
            rows = self._connection().execute(
                f"SELECT {_COLUMNS} FROM tracks WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY id", chunk)
            found += [_row_to_track(row) for row in rows]
        return found

    @_translate_errors
    def keep_user_moods(self, moods: Iterable[tuple[str, int, float, str, str, str]]) -> int:
        """Remember (path, size, duration, title, artist, mood) user moods for tracks not (yet) in the
        library, e.g. salvaged from a damaged database; returns how many were kept."""
        rows = [(str(path), int(size), float(duration), title, artist, mood, time.time())
                for path, size, duration, title, artist, mood in moods if mood in MOOD_VA]
        with self.batch():
            self._connection().executemany(
                "INSERT INTO kept_user_moods (path, size, duration, title, artist, user_mood, kept_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    @_translate_errors
    def kept_user_mood_count(self) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM kept_user_moods").fetchone()[0]

    @_translate_errors
    def remove_paths(self, paths: Iterable[str | Path]) -> int:
        """Delete the rows of ``paths``; a user mood among them is kept for the file's return."""
        paths = [(str(p),) for p in paths]
        with self.batch():
            connection = self._connection()
            connection.executemany(
                "INSERT INTO kept_user_moods (path, size, duration, title, artist, user_mood, kept_at)"
                f" SELECT path, size, duration, title, artist, user_mood, {time.time()!r} FROM tracks"
                " WHERE path = ? AND user_mood IS NOT NULL", paths)
            cursor = connection.executemany("DELETE FROM tracks WHERE path = ?", paths)
            return max(cursor.rowcount, 0)

    @_translate_errors
    def set_mood(self, track_id: int, valence: float, arousal: float, mood: str, source: str, method: str) -> bool:
        """Store an estimated mood (source "tag", "folder" or "audio") for the file as it is now.

        A user's mood stays on top of it; an estimate of lower trust than the stored one is ignored
        unless the stored one is stale. Returns whether it was stored.
        """
        if source not in ESTIMATE_TRUST or not source:
            raise ValueError(f"set_mood source must be tag, folder or audio, not {source!r}; use set_user_mood")
        trust = " ".join(f"WHEN '{name}' THEN {rank}" for name, rank in ESTIMATE_TRUST.items())
        with self.batch():
            cursor = self._connection().execute(
                "UPDATE tracks SET valence = ?, arousal = ?, mood = ?, mood_source = ?, mood_method = ?,"
                " mood_size = size, mood_mtime = mtime"
                f" WHERE id = ? AND (CASE mood_source {trust} ELSE 0 END <= ?"
                "  OR mood_size IS NOT size OR mood_mtime IS NOT mtime)",
                (float(valence), float(arousal), mood, source, method, track_id, ESTIMATE_TRUST[source]),
            )
            return cursor.rowcount > 0

    @_translate_errors
    def set_user_mood(self, track_id: int, mood: str | None) -> None:
        """Pin a track to one of TRACK_MOODS, or with None fall back to its tag/folder/audio estimate."""
        if mood is not None and mood not in TRACK_MOODS:
            raise ValueError(f"unknown mood {mood!r}; expected one of {', '.join(TRACK_MOODS)}")
        with self.batch():
            cursor = self._connection().execute("UPDATE tracks SET user_mood = ? WHERE id = ?", (mood, track_id))
            if cursor.rowcount == 0:
                raise LibraryError("The track is no longer in the library",
                                   f"Track {track_id} was removed, perhaps by a rescan; its mood was not changed.")
