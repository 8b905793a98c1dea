"""The library database's schema as the steps that built it, oldest first.

``PRAGMA user_version`` counts the steps a database has had; opening it applies the rest (see
``LibraryDatabase.migrate``). A step only ever adds: a library of any older version keeps its tracks, the
moods its user set and the estimates already made.
"""
from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE tracks (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        artist TEXT NOT NULL DEFAULT '',
        album TEXT NOT NULL DEFAULT '',
        genre TEXT NOT NULL DEFAULT '',
        duration REAL NOT NULL DEFAULT 0,
        mood_tag TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL DEFAULT 0,
        mtime REAL NOT NULL DEFAULT 0,
        valence REAL,
        arousal REAL,
        mood TEXT NOT NULL DEFAULT '',
        mood_source TEXT NOT NULL DEFAULT '',
        mood_method TEXT NOT NULL DEFAULT '',
        mood_size INTEGER,
        mood_mtime REAL,
        user_mood TEXT
    );
    """,
    # 2: user moods outlive their row. A track removed with a user mood leaves it here, keyed by the old
    # path and by the file's identity (size, duration, title, artist), and a file added later that
    # matches takes it back: a move done between two scans, a folder removed and added again, or
    # the moods salvaged from a damaged database.
    """
    CREATE TABLE kept_user_moods (
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        duration REAL NOT NULL,
        title TEXT NOT NULL,
        artist TEXT NOT NULL,
        user_mood TEXT NOT NULL,
        kept_at REAL NOT NULL
    );
    CREATE INDEX kept_user_moods_by_size ON kept_user_moods (size);
    CREATE INDEX kept_user_moods_by_path ON kept_user_moods (path);
    """,
    # 3: tag text is capped at 1024 characters when read (tag_reader.MAX_TAG_CHARS); cap rows stored before.
    """
    UPDATE tracks SET title = substr(title, 1, 1024), artist = substr(artist, 1, 1024),
        album = substr(album, 1, 1024), genre = substr(genre, 1, 1024), mood_tag = substr(mood_tag, 1, 1024)
    WHERE max(length(title), length(artist), length(album), length(genre), length(mood_tag)) > 1024;
    """,
    # 4: why the audio of a file could not be analysed, for the file as it was (size, mtime): it is
    # not decoded again until it changes.
    """
    ALTER TABLE tracks ADD COLUMN analysis_error TEXT NOT NULL DEFAULT '';
    ALTER TABLE tracks ADD COLUMN error_size INTEGER;
    ALTER TABLE tracks ADD COLUMN error_mtime REAL;
    """,
    # 5: a newly inserted track takes back the user mood kept for its path, else for a file just like
    # it. A trigger, so that the scan's hot path pays nothing while no mood is kept (SQLite fires it only
    # for a real insert, not for the update branch of an upsert).
    """
    CREATE TRIGGER tracks_take_kept_user_mood AFTER INSERT ON tracks
    WHEN EXISTS (SELECT 1 FROM kept_user_moods)
    BEGIN
        UPDATE tracks SET user_mood = (
            SELECT user_mood FROM kept_user_moods AS k
            WHERE k.path = NEW.path OR (k.size = NEW.size AND k.title = NEW.title AND k.artist = NEW.artist
                                        AND abs(k.duration - NEW.duration) <= 0.05)
            ORDER BY k.path = NEW.path DESC, k.kept_at DESC LIMIT 1)
        WHERE id = NEW.id;
        DELETE FROM kept_user_moods WHERE rowid = (
            SELECT rowid FROM kept_user_moods AS k
            WHERE k.path = NEW.path OR (k.size = NEW.size AND k.title = NEW.title AND k.artist = NEW.artist
                                        AND abs(k.duration - NEW.duration) <= 0.05)
            ORDER BY k.path = NEW.path DESC, k.kept_at DESC LIMIT 1);
    END
    """,
    # 6: track and disc number and year. Rows stored before have none: a ``tags_version`` below
    # TAGS_VERSION has the next scan read their tags again although the file did not change, through the
    # same upsert as any changed file, which keeps the row, its id, the user's mood and the estimate.
    """
    ALTER TABLE tracks ADD COLUMN track_number INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tracks ADD COLUMN disc_number INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tracks ADD COLUMN year INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tracks ADD COLUMN tags_version INTEGER NOT NULL DEFAULT 0;
    """,
)
"""Schema steps in order; ``user_version`` counts how many a database has had. Only ever append."""

SCHEMA_VERSION = len(MIGRATIONS)

TAGS_VERSION = 1
"""What a row's tags were read with: 0 before track/disc number and year were read (schema step 6). Raise
it when the scanner reads a new field, and the next scan reads every file's tags again."""
