"""Opening the library so that a damaged database never blocks start-up or loses the user's moods.

``open_library`` checks the file (``PRAGMA quick_check`` catches a damaged inner page, not only a
damaged header); a 0-byte file counts as damaged, not as a new library. A damaged file is moved aside
with its ``-wal``/``-shm`` as ``<name>.corrupt-<time>``, the user moods that can still be read are
salvaged from it row by row (skipping pages that cannot be read), and a fresh library is started
with those moods kept in ``kept_user_moods``: the rescan that follows re-adds the files, and each
takes its mood back. The caller gets one notice to show.
"""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from emotune.errors import LibraryError
from emotune.library.database import DamagedLibraryError, LibraryDatabase
from emotune.wording import counted
from emotune.mood_space import MOOD_VA

log = logging.getLogger(__name__)

_SALVAGE_BATCH = 500
_SALVAGE_SKIP = 64
"""Ids skipped past an unreadable stretch; a leaf page holds a few dozen rows."""
_SALVAGE_MAX_FAILURES = 5000

SalvagedMood = tuple[str, int, float, str, str, str]  # path, size, duration, title, artist, user mood


def open_library(path: Path) -> tuple[LibraryDatabase, LibraryError | None]:
    """The library at ``path``, and a notice when it had to be rebuilt because the file was damaged.

    Errors that are not damage (a newer schema, a locked file, no permission) are raised as before.
    """
    path = Path(path)
    try:
        if path.exists() and path.stat().st_size == 0:
            raise DamagedLibraryError("The library database is damaged", f"{path} is empty (0 bytes).")
        database = LibraryDatabase(path)
        try:
            database.check_integrity()
        except BaseException:
            database.close()
            raise
        return database, None
    except DamagedLibraryError as error:
        return _rebuild(path, error)


def _rebuild(path: Path, error: DamagedLibraryError) -> tuple[LibraryDatabase, LibraryError]:
    log.error("library database damaged: %s", error.detail)
    backup = move_aside(path)
    moods = salvage_user_moods(backup) if backup is not None else []
    database = LibraryDatabase(path)
    kept = database.keep_user_moods(moods)
    kept_as = f"kept as {backup.name}" if backup is not None else "could not be moved aside and was replaced"
    recovered = (f"{counted(kept, 'mood')} you set {'was' if kept == 1 else 'were'} recovered and return as the scan "
                 "finds their files."
                 if kept else "No mood you set could be recovered from it.")
    notice = LibraryError(
        "The library database was damaged: a new one was started",
        f"{error.detail}\n\nThe damaged file was {kept_as} in {path.parent}. Emotune started a new library "
        f"and scans your music folders again. {recovered}",
    )
    return database, notice


def move_aside(path: Path) -> Path | None:
    """Rename ``path`` and its ``-wal``/``-shm`` to ``<name>.corrupt-<time>[-wal|-shm]``; None if it failed."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        for suffix in ("-wal", "-shm", ""):  # the main file last: a half-done move leaves it in place
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.replace(source, f"{backup}{suffix}")
    except OSError as error:
        log.error("could not move the damaged library aside: %s", error)
        for suffix in ("-wal", "-shm", ""):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return None
    return backup


def salvage_user_moods(path: Path) -> list[SalvagedMood]:
    """The user moods still readable in a damaged database, reading rows in id order and stepping
    past stretches that cannot be read; [] when nothing can be read at all."""
    if not path.exists() or path.stat().st_size == 0:
        return []
    with tempfile.TemporaryDirectory(prefix="emotune-salvage-") as folder:
        copy = Path(folder) / "library.sqlite3"
        try:
            shutil.copyfile(path, copy)
            if Path(f"{path}-wal").exists():
                shutil.copyfile(f"{path}-wal", f"{copy}-wal")
            _pad_truncated(copy)
            connection = sqlite3.connect(copy)
        except (OSError, sqlite3.Error) as error:
            log.info("nothing salvaged from %s: %s", path, error)
            return []
        try:
            return _read_user_moods(connection, path)
        finally:
            connection.close()


def _pad_truncated(path: Path) -> None:
    """Grow a truncated file back to the size its header declares, with zero pages: SQLite refuses
    to read anything from a file shorter than that, but reads the pages that are left when the lost
    ones are merely empty."""
    with open(path, "r+b") as handle:
        header = handle.read(100)
        if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
            return
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        if page_size < 512 or page_size & (page_size - 1) or not 0 < pages < 1 << 24:
            return
        size = handle.seek(0, os.SEEK_END)
        if size < pages * page_size:
            handle.truncate(pages * page_size)  # extends with zero bytes


def _read_user_moods(connection: sqlite3.Connection, path: Path) -> list[SalvagedMood]:
    moods: list[SalvagedMood] = []
    try:
        try:
            highest = connection.execute("SELECT max(id) FROM tracks").fetchone()[0] or 0
        except sqlite3.Error:
            highest = None  # the rightmost pages are gone (truncated): step on until failures run out
        last, failures = 0, 0
        while failures < _SALVAGE_MAX_FAILURES and (highest is None or last < highest):
            read = 0
            try:
                for row_id, row_path, size, duration, title, artist, mood in connection.execute(
                        "SELECT id, path, size, duration, title, artist, user_mood FROM tracks"
                        " WHERE id > ? ORDER BY id LIMIT ?", (last, _SALVAGE_BATCH)):
                    read += 1
                    last = row_id
                    if mood in MOOD_VA and row_path:
                        try:
                            moods.append((str(row_path), int(size or 0), float(duration or 0.0), str(title or ""),
                                          str(artist or ""), mood))
                        except (TypeError, ValueError):  # a row with damaged values
                            continue
            except sqlite3.Error:
                if read == 0:  # stuck on an unreadable stretch: step past it
                    failures += 1
                    last += _SALVAGE_SKIP
                continue
            if read == 0:
                break
            failures = 0
    except sqlite3.Error as error:
        log.info("salvage stopped early: %s", error)
    log.info("salvaged %s from %s", counted(len(moods), "user mood"), path)
    return moods
