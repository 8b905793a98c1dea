"""Logging to stderr and to a rotating file in the user state dir."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from emotune.paths import log_dir


class _RedactTokens(logging.Filter):
    """Masks anything that looks like an OAuth token so no token ever reaches a log."""

    MARKERS = ("access_token", "refresh_token", "Bearer ", "code_verifier")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(marker in message for marker in self.MARKERS):
            record.msg = "[message withheld: it carried a credential]"
            record.args = ()
        return True


def configure_logging(verbose: bool = False, directory: Path | None = None) -> None:
    level = logging.DEBUG if verbose else logging.INFO
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_emotune", False):
            root.removeHandler(handler)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    stream = logging.StreamHandler()
    stream.setLevel(level if verbose else logging.WARNING)
    handlers: list[logging.Handler] = [stream]
    try:
        target = directory or log_dir()
        target.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(
            target / "emotune.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"))
    except OSError:
        pass  # a read-only home must not stop the app; stderr still gets the messages
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(_RedactTokens())
        handler._emotune = True  # type: ignore[attr-defined]
        root.addHandler(handler)
