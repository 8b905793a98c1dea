"""Give memory that Python has freed back to the system after a burst of large allocations.

Generating or analysing audio allocates many arrays of a few hundred KB; glibc keeps the freed space
in its heap, so without a trim the app would show the peak of a demo library (~300 MB) all day.
"""
from __future__ import annotations

import ctypes
import ctypes.util


def _libc_trim():
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_MALLOC_TRIM = _libc_trim()


def release_free_memory() -> bool:
    """Return freed heap pages to the OS where the C library can (glibc); True when it did."""
    if _MALLOC_TRIM is None:
        return False
    return bool(_MALLOC_TRIM(0))
