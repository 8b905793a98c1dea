"""Command line entry point: launches the app, or runs one of the sub-commands.

Each feature area registers its own sub-commands (``register(subparsers)``), so this module only
wires them together and never imports Qt unless the window is being launched.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from emotune import __version__
from emotune.logging_setup import configure_logging

SUBCOMMAND_MODULES = (
    "emotune.library.cli",
    "emotune.inference.analyze_cli",
    "emotune.training.evaluate_cli",
    "emotune.spotify.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emotune",
        description="Emotune plays music that fits (or lifts) your mood, read from your webcam.",
    )
    parser.add_argument("--version", action="version", version=f"emotune {__version__}")
    parser.add_argument("--verbose", "-v", action="store_true", help="log debug messages")
    parser.add_argument("--library", metavar="DIR", action="append", default=[],
                        help="add DIR to the music library and scan it at start (repeatable)")
    parser.add_argument("--video", metavar="FILE", help="read faces from a video file instead of the webcam")
    parser.add_argument("--no-camera", action="store_true", help="start with the camera off")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:  # a feature whose optional parts are missing
            if error.name and error.name.startswith("emotune"):
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(verbose=args.verbose)
    if args.command:
        return int(args.run(args) or 0)
    from emotune.app import run_app

    logging.getLogger(__name__).debug("launching window")
    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
