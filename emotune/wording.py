"""Counts in words a person reads: "1 file", "3 files", never "file(s)"."""
from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
