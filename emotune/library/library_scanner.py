"""Walks music folders and brings the library database in line with what is on disk.

A scan has three steps: walk the folders collecting each audio file's stat() signature (size, mtime);
read tags only from files whose signature differs from the database's (or whose row an older Emotune
read, one that knew fewer tags); then drop rows of files that are gone. A new file that is one of the gone files moved or renamed (same size, duration, title and
artist) takes over that file's row, so the user's mood, the estimate and the id go with it.
Comparing signatures before opening anything is what makes a rescan of an unchanged library take a
fraction of a second. A file that cannot be read is reported with a reason and never
stops the scan; symlinked folders are followed but each real folder is entered once, so a symlink
loop cannot hang it.
"""
from __future__ import annotations

import errno
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from emotune.library.database import LibraryDatabase
from emotune.library.tag_reader import FileTags, UnreadableFile, read_tags
from emotune.library.track import Track
from emotune.mood_space import MOOD_VA, normalise_mood_name

AUDIO_EXTENSIONS = frozenset({".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".mp4", ".aac", ".wav", ".wma"})
BATCH_SIZE = 256
"""Files written per transaction: large enough to be fast, small enough that the UI sees progress."""
PROGRESS_INTERVAL_S = 0.1


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True)
class ScanProgress:
    """While walking: ``files_seen`` counts audio files found and ``total_estimate`` is 0 (not known
    yet). Then ``files_seen`` counts files dealt with out of ``total_estimate``, so a progress bar can
    show ``files_seen / total_estimate``."""

    files_seen: int
    added: int
    updated: int
    skipped: int
    current_path: str
    total_estimate: int


@dataclass
class ScanReport:
    files_seen: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    moved: int = 0
    """Of ``updated``: files found at a new path that took over their old row."""
    unreachable: list[str] = field(default_factory=list)
    """Library folders that are missing or hold no audio file while the library has tracks there (an
    unplugged disk, an unmounted drive): their tracks are kept, and the window says so."""
    seconds: float = 0.0
    cancelled: bool = False

    def to_json(self) -> dict:
        return {
            "files_seen": self.files_seen,
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"path": item.path, "reason": item.reason} for item in self.skipped],
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class _FoundFile:
    path: str
    root: str
    size: int
    mtime: float


def _printable(path: str) -> str:
    """A path fit for a report or terminal: undecodable bytes of a file name shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_under(path: str, folders: list[str]) -> bool:
    return any(path == folder or path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)


def mood_from_tag_or_folder(path: str, root: str, mood_tag: str) -> tuple[str, str] | None:
    """(mood, source) from a MOOD tag such as "Happy; Upbeat", else from a folder name up to ``root``."""
    for value in mood_tag.replace(",", ";").replace("/", ";").split(";"):
        mood = normalise_mood_name(value)
        if mood:
            return mood, "tag"
    directory = os.path.dirname(path)
    while len(directory) >= len(root):
        mood = normalise_mood_name(os.path.basename(directory))
        if mood:
            return mood, "folder"
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


class _MovedFiles:
    """The rows of files gone from their path, indexed by identity, so that a new file can claim its own."""

    def __init__(self, db: LibraryDatabase, gone: list[str]) -> None:
        self._by_key: dict[tuple[int, str, str], list[Track]] = {}
        for track in db.tracks_at(gone) if gone else []:
            self._by_key.setdefault((track.size, track.title, track.artist), []).append(track)

    def claim(self, track: Track) -> str | None:
        """The old path of the gone file ``track`` is (taken off the list), or None."""
        candidates = self._by_key.get((track.size, track.title, track.artist), [])
        for index, old in enumerate(candidates):
            if abs(old.duration - track.duration) <= 0.05:
                del candidates[index]
                return old.path
        return None


def _track_for(found: _FoundFile, tags: FileTags) -> Track:
    track = Track(path=found.path, title=tags.title, artist=tags.artist, album=tags.album, genre=tags.genre,
                  track_number=tags.track_number, disc_number=tags.disc_number, year=tags.year,
                  duration=tags.duration, mood_tag=tags.mood, size=found.size, mtime=found.mtime)
    mood = mood_from_tag_or_folder(found.path, found.root, tags.mood)
    if mood:
        track.mood, track.mood_source = mood
        track.valence, track.arousal = MOOD_VA[track.mood]
    return track


class _Walker:
    """Finds audio files under the roots, noting what it had to skip and which folders it could not list."""

    def __init__(self, report: ScanReport, cancel: threading.Event) -> None:
        self.report = report
        self.cancel = cancel
        self.visited: set[tuple[int, int]] = set()
        self.unlisted: list[str] = []  # folders whose tracks must not be taken for deleted

    def _skip(self, path: str, reason: str) -> None:
        self.report.skipped.append(SkippedFile(_printable(path), reason))

    def walk(self, root: str) -> Iterator[_FoundFile]:
        try:
            root_stat = os.stat(root)
        except OSError as error:
            self._skip(root, f"folder not found ({error.strerror})")
            self.unlisted.append(root)
            return
        if not stat.S_ISDIR(root_stat.st_mode):
            self._skip(root, "not a folder")
            self.unlisted.append(root)
            return
        self.visited.add((root_stat.st_dev, root_stat.st_ino))
        stack = [root]
        while stack and not self.cancel.is_set():
            directory = stack.pop()
            try:
                with os.scandir(directory) as iterator:
                    entries = sorted(iterator, key=lambda entry: entry.name, reverse=True)
            except OSError as error:
                self._skip(directory, f"folder cannot be read ({error.strerror})")
                self.unlisted.append(directory)
                continue
            for entry in entries:
                if entry.name.startswith("."):  # hidden files, ._ AppleDouble forks, .Trash
                    continue
                found = self._visit(entry, root, stack)
                if found:
                    yield found

    def _visit(self, entry: os.DirEntry, root: str, stack: list[str]) -> _FoundFile | None:
        path = entry.path
        is_audio = os.path.splitext(entry.name)[1].lower() in AUDIO_EXTENSIONS
        try:
            info = entry.stat()  # follows symlinks
        except OSError as error:
            if is_audio or entry.is_symlink():
                if is_audio:
                    self.report.files_seen += 1
                if error.errno == errno.ELOOP:
                    self._skip(path, "symlink loop (the link points back to itself)")
                elif error.errno == errno.ENOENT and entry.is_symlink():
                    self._skip(path, "broken symlink (its target does not exist)")
                else:
                    self._skip(path, f"cannot be read ({error.strerror})")
            return None
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in self.visited:
                if entry.is_symlink():
                    self._skip(path, "symlink loop: this folder is already being scanned through another path")
                return None
            self.visited.add(key)
            stack.append(path)
            return None
        if not is_audio:
            return None
        self.report.files_seen += 1
        if not stat.S_ISREG(info.st_mode):
            self._skip(path, "not a regular file (a pipe, device or socket), so it cannot be played")
            return None
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            self._skip(path, "file name is not valid UTF-8; rename the file to add it")
            return None
        if not os.access(path, os.R_OK):
            self._skip(path, "permission denied: the file cannot be read")
            return None
        return _FoundFile(path=path, root=root, size=info.st_size, mtime=info.st_mtime)


class ScanFolders(Protocol):
    """What the window's scan controller runs off the GUI thread: ``scan_folders`` or a stand-in."""

    def __call__(self, db: LibraryDatabase, folders: list[Path],
                 progress: Callable[[ScanProgress], None] | None = None,
                 cancel: threading.Event | None = None) -> ScanReport: ...


def scan_folders(
    db: LibraryDatabase,
    folders: list[Path],
    progress: Callable[[ScanProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> ScanReport:
    """Add new and changed audio files under ``folders`` to ``db`` and remove those that are gone.

    Only files under the scanned folders are ever removed, and none under a folder that could not be
    listed or when the scan is cancelled (the walk was incomplete). Runs on the calling thread.
    """
    started = time.perf_counter()
    cancel = cancel or threading.Event()
    report = ScanReport()
    walker = _Walker(report, cancel)
    roots = [os.path.abspath(os.fspath(folder)) for folder in folders]
    last_progress = 0.0

    def report_progress(current: str, done: int, total: int, force: bool = False) -> None:
        nonlocal last_progress
        now = time.monotonic()
        if progress and (force or now - last_progress >= PROGRESS_INTERVAL_S):
            last_progress = now
            progress(ScanProgress(done, report.added, report.updated, len(report.skipped), _printable(current), total))

    known = db.file_signatures()
    found: dict[str, _FoundFile] = {}
    for root in roots:
        unlisted_before = len(walker.unlisted)
        files_in_root = 0
        for item in walker.walk(root):
            files_in_root += 1
            found.setdefault(item.path, item)
            report_progress(item.path, len(found), 0)
        has_tracks = any(_is_under(path, [root]) for path in known)
        if root in walker.unlisted[unlisted_before:] and has_tracks:
            report.unreachable.append(_printable(root))
        elif files_in_root == 0 and has_tracks and not cancel.is_set():
            # An empty folder is what an unmounted drive or an unplugged USB disk looks like: taking
            # it at its word would delete every track under it and every mood the user set there.
            walker.unlisted.append(root)
            report.unreachable.append(_printable(root))
            report.skipped.append(SkippedFile(_printable(root), "the folder is empty: is the drive unplugged or not "
                                              "mounted? Its tracks were kept; remove the folder in Settings "
                                              "to forget them"))
    old_tags = db.paths_with_old_tags()  # read by an older Emotune: read again, though the file is the same
    changed = [item for item in found.values()
               if known.get(item.path) != (item.size, item.mtime) or item.path in old_tags]
    report.unchanged = len(found) - len(changed)

    def gone_paths() -> list[str]:
        return [path for path in known
                if path not in found and _is_under(path, roots) and not _is_under(path, walker.unlisted)]

    moved_from = _MovedFiles(db, gone_paths() if not cancel.is_set() else [])

    handled = report.unchanged
    for start in range(0, len(changed), BATCH_SIZE):
        if cancel.is_set():
            break
        with db.batch():
            for item in changed[start:start + BATCH_SIZE]:
                if cancel.is_set():
                    break
                report_progress(item.path, handled, len(found))
                handled += 1
                try:
                    tags = read_tags(Path(item.path))
                except UnreadableFile as error:
                    report.skipped.append(SkippedFile(item.path, error.reason))
                    continue
                track = _track_for(item, tags)
                old_path = moved_from.claim(track) if item.path not in known else None
                if old_path is not None and db.move_track(old_path, item.path):
                    report.moved += 1
                    report.updated += 1
                elif item.path in known:
                    report.updated += 1
                else:
                    report.added += 1
                db.upsert_track(track)

    report.cancelled = cancel.is_set()
    if not report.cancelled:
        report.removed = db.remove_paths(gone_paths())  # rows that moved are no longer at their old path
    report.seconds = time.perf_counter() - started
    report_progress("", handled, len(found), force=True)
    return report
