"""Fills in the moods the scan could not: estimates from the audio of tracks without a usable mood.

Runs after a scan, in a worker thread (the UI wraps it; the CLI can call it directly). Each estimate
is stored as soon as it is made, so a cancelled or crashed run keeps what it finished and the next
run picks up only what is left (``tracks_needing_mood`` also returns tracks whose file changed).

A file that cannot be decoded is recorded with the reason for its current size and mtime, and later
runs list it as skipped with that reason without decoding it again, until the file changes.

Tracks the user pinned to a mood are estimated too: the estimate goes into the layer beneath the
user's choice (the database never lets it override that), so clearing the pin falls back to it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from emotune.free_memory import release_free_memory
from emotune.library.database import LibraryDatabase
from emotune.library.library_scanner import SkippedFile
from emotune.moods.audio_decoder import AudioAnalysisError
from emotune.moods.mood_estimator import estimate_mood, resolve_mood

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]  # (done, total, path)


@dataclass
class AnalysisReport:
    total: int = 0
    analysed: int = 0
    """Tracks given an audio estimate."""
    from_tags: int = 0
    """Tracks whose MOOD tag could be used after all (no decoding needed)."""
    skipped: list[SkippedFile] = field(default_factory=list)
    known_failures: int = 0
    """Of ``skipped``: files that failed before and have not changed, listed without decoding them again."""
    seconds: float = 0.0
    cancelled: bool = False

    @property
    def seconds_per_track(self) -> float:
        return self.seconds / self.analysed if self.analysed else 0.0


class AnalyseLibrary(Protocol):
    """What the window's scan controller runs after a scan: ``analyse_library`` or a stand-in."""

    def __call__(self, db: LibraryDatabase, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None,
                 estimated: Callable[[int], None] | None = None) -> AnalysisReport: ...


def analyse_library(
    db: LibraryDatabase,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    estimated: Callable[[int], None] | None = None,
) -> AnalysisReport:
    """Estimate and store the mood of every track that needs one; undecodable files are skipped with
    the reason, never stopping the run. ``progress(done, total, path)`` follows each track, and
    ``estimated(track_id)`` each mood stored, so a window can show estimates as they come."""
    started = time.monotonic()
    tracks = db.tracks_needing_mood()
    known_failures = db.analysis_failures()
    report = AnalysisReport(total=len(known_failures) + len(tracks), known_failures=len(known_failures))
    report.skipped += [SkippedFile(track.path, reason) for track, reason in known_failures]
    for done, track in enumerate(tracks, start=len(known_failures) + 1):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        if track.id is None:
            continue
        # Look beneath a user's pin: a MOOD tag there still beats decoding the audio.
        known = resolve_mood(replace(track, mood_source="") if track.mood_source == "user" else track)
        if known is not None and known.source in ("tag", "folder"):
            if db.set_mood(track.id, known.valence, known.arousal, known.mood, known.source, "") and estimated:
                estimated(track.id)
            report.from_tags += 1
        else:
            try:
                result = estimate_mood(track.path, track.genre)
            except AudioAnalysisError as error:
                log.info("mood analysis skipped %s: %s", track.path, error.reason)
                report.skipped.append(SkippedFile(track.path, error.reason))
                db.set_analysis_failed(track.id, error.reason)
            else:
                if db.set_mood(track.id, result.valence, result.arousal, result.mood, "audio", result.method) \
                        and estimated:
                    estimated(track.id)
                report.analysed += 1
        if progress is not None:
            progress(done, report.total, track.path)
    report.seconds = time.monotonic() - started
    if report.analysed:  # decoding left a heap the size of the largest files; the app runs on all day
        release_free_memory()
    return report
