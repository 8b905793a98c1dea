"""``emotune scan`` and ``emotune demo-library``: the library from the command line."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from emotune.errors import LibraryError
from emotune.library.database import default_database_path
from emotune.library.database_recovery import open_library
from emotune.library.demo_library import generate_demo_library
from emotune.library.library_scanner import ScanProgress, ScanReport, scan_folders


def register(subparsers: argparse._SubParsersAction) -> None:
    scan = subparsers.add_parser("scan", help="scan music folders into the library",
                                 description="Add new and changed audio files to the library and drop deleted ones.")
    scan.add_argument("folders", metavar="DIR", nargs="+", type=Path, help="a folder of music")
    scan.add_argument("--json", action="store_true", help="print the scan report as one JSON object")
    scan.add_argument("--db", metavar="PATH", type=Path, help="library database (default: the user's library)")
    scan.set_defaults(run=run_scan)

    demo = subparsers.add_parser("demo-library", help="write a small demo library of mood-tagged music",
                                 description="Compose three short pieces per mood into DIR/<mood>/.")
    demo.add_argument("directory", metavar="DIR", type=Path)
    demo.add_argument("--seconds", type=float, default=24.0, help="rough length of each piece (20-60 s)")
    demo.set_defaults(run=run_demo_library)


def _print_progress(progress: ScanProgress) -> None:
    total = f"/{progress.total_estimate}" if progress.total_estimate else ""
    line = (f"\r{progress.files_seen}{total} files  +{progress.added} added  ~{progress.updated} updated"
            f"  {progress.skipped} skipped")
    sys.stderr.write(line[:120].ljust(80))
    sys.stderr.flush()


def _summary(report: ScanReport) -> str:
    lines = [f"Scanned {report.files_seen} audio files in {report.seconds:.1f} s: {report.added} added, "
             f"{report.updated} updated, {report.removed} removed, {report.unchanged} unchanged, "
             f"{len(report.skipped)} skipped."]
    lines += [f"  skipped {item.path}: {item.reason}" for item in report.skipped]
    return "\n".join(lines)


def run_scan(args: argparse.Namespace) -> int:
    missing = [str(folder) for folder in args.folders if not folder.is_dir()]
    if missing:
        print(f"emotune scan: not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    progress = _print_progress if sys.stderr.isatty() else None
    try:
        db, notice = open_library(args.db or default_database_path())
        if notice is not None:  # a damaged database was moved aside and a new one started
            print(f"emotune scan: {notice.short}\n{notice.detail}", file=sys.stderr)
        try:
            report = scan_folders(db, list(args.folders), progress=progress)
        finally:
            db.close()
    except LibraryError as error:
        print(f"emotune scan: {error.short}\n{error.detail}", file=sys.stderr)
        return 1
    if progress:
        sys.stderr.write("\n")
    print(json.dumps(report.to_json()) if args.json else _summary(report))
    return 0


def run_demo_library(args: argparse.Namespace) -> int:
    try:
        paths = generate_demo_library(args.directory, seconds=args.seconds)
    except LibraryError as error:
        print(f"emotune demo-library: {error.short}\n{error.detail}", file=sys.stderr)
        return 1
    print(f"Wrote {len(paths)} demo tracks to {args.directory}")
    return 0
