"""OpenCV's own warnings, held back where Emotune says the same thing better.

A missing webcam makes OpenCV print "can't open camera by index" and an FFmpeg note to stderr, and
OpenCV 5 warns on every model load that its DNN engine ignores the default target: noise on a
console, while the window already says what to do.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import cv2


@contextmanager
def opencv_errors_only() -> Iterator[None]:
    """Only OpenCV errors are printed inside the block; its log level is restored after it."""
    level = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    try:
        yield
    finally:
        cv2.utils.logging.setLogLevel(level)
