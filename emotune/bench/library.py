"""Times library scanning: ``python -m emotune.bench.library [--files 5000] [--runs 5]``.

It writes N small tagged files (copies of three tiny MP3/Ogg/FLAC seeds, each retagged with its own
title, artist and album, 100 to a folder) into a temporary folder, then reports the first-scan rate
and the median time of a rescan in which nothing changed. Targets on a 2-core machine: a first scan
of at least 500 files/s, a no-change rescan of 5,000 files within 1 s.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from emotune.library.audio_writer import write_audio, write_tags
from emotune.library.database import LibraryDatabase
from emotune.library.library_scanner import scan_folders

SEED_RATE = 22050
FILES_PER_FOLDER = 100


def _seed_files(directory: Path) -> list[Path]:
    t = np.arange(int(0.3 * SEED_RATE)) / SEED_RATE
    mono = 0.2 * np.sin(2 * np.pi * 330 * t)
    seeds = []
    for suffix in (".mp3", ".ogg", ".flac"):
        path = directory / f"seed{suffix}"
        write_audio(path, np.stack([mono, mono]), SEED_RATE)
        seeds.append(path)
    return seeds


def make_files(directory: Path, count: int) -> None:
    seeds = _seed_files(directory)
    moods = ("happy", "sad", "calm", "energetic", "")
    for index in range(count):
        seed = seeds[index % len(seeds)]
        folder = directory / "music" / f"artist_{index // FILES_PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"track_{index:05d}{seed.suffix}"
        shutil.copyfile(seed, path)
        tags = {"title": f"Track {index}", "artist": f"Artist {index // FILES_PER_FOLDER}",
                "album": f"Album {index // 10}", "genre": "Bench"}
        if moods[index % len(moods)]:
            tags["mood"] = moods[index % len(moods)]
        write_tags(path, tags)


def run(count: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="emotune-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        make_files(directory, count)
        setup_s = time.perf_counter() - started
        db = LibraryDatabase(directory / "library.sqlite3")
        try:
            first = scan_folders(db, [directory / "music"])
            if first.added != count:
                raise SystemExit(f"first scan added {first.added} of {count} files: {first.skipped[:3]}")
            rescans = [scan_folders(db, [directory / "music"]) for _ in range(runs)]
        finally:
            db.close()
    return {
        "files": count,
        "setup_seconds": round(setup_s, 2),
        "first_scan_seconds": round(first.seconds, 3),
        "first_scan_files_per_second": round(count / first.seconds, 1),
        "rescan_median_seconds": round(statistics.median(r.seconds for r in rescans), 3),
        "rescan_runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emotune.bench.library", description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=5000, help="how many files to generate (default 5000)")
    parser.add_argument("--runs", type=int, default=5, help="no-change rescans to take the median of (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    result = run(args.files, args.runs)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['files']} files generated in {result['setup_seconds']} s")
        print(f"first scan: {result['first_scan_seconds']} s = {result['first_scan_files_per_second']} files/s"
              " (target >= 500)")
        print(f"no-change rescan: median {result['rescan_median_seconds']} s over {result['rescan_runs']} runs"
              " (target <= 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
