"""libVLC's and alsa-lib's messages go to Emotune's log instead of stderr, thinned, and the one
message that means "no sound output works" is turned into a callback.

On a machine without a sound card VLC retries its output for every block of audio, about 30 times a
second, and each try prints 8 lines from alsa-lib and 5 from VLC: 72,549 lines in 10 minutes. Here a
libVLC log callback takes VLC's warnings and errors (debug and notices are dropped before any
formatting), alsa-lib gets an error handler of its own, and a message seen again is logged only on
its 10th, 100th, 1000th… time. The decoder's "failed to create audio output" is what VLC 3 says
once every output module has failed; ``on_output_failed`` is called from VLC's thread, so it must
not call back into libVLC.
"""
from __future__ import annotations

import atexit
import ctypes
import functools
import logging
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)

LIBVLC_WARNING = 3
"""libvlc_log_level: 0 debug, 2 notice, 3 warning, 4 error."""
OUTPUT_FAILED_FORMAT = b"failed to create audio output"
MESSAGE_BYTES = 1024

ALSA_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
"""snd_lib_error_handler_t without its trailing ``...``: a callee may ignore variadic arguments."""


class Repeats:
    """Counts messages by key; ``count_to_log`` says when one is worth a line (1st, 10th, 100th…)."""

    def __init__(self) -> None:
        self._seen: dict[bytes, int] = {}
        self._lock = threading.Lock()  # libVLC logs from many threads at once

    def count_to_log(self, key: bytes) -> int | None:
        with self._lock:
            count = self._seen[key] = self._seen.get(key, 0) + 1
        return count if _power_of_ten(count) else None


def _power_of_ten(count: int) -> bool:
    while count % 10 == 0:
        count //= 10
    return count == 1


def _vsnprintf() -> Any:
    """The C library's vsnprintf, which formats a ``va_list`` handed over as a pointer on every
    platform libVLC runs on (x86-64 and arm64 pass theirs by reference)."""
    if sys.platform == "win32":
        function = ctypes.cdll.msvcrt._vsnprintf
    else:
        function = ctypes.CDLL(None).vsnprintf
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    function.restype = ctypes.c_int
    return function


_INSTALLED: set[VlcLog] = set()
"""Logs whose callback libVLC may still call. libVLC holds only the C pointer, so a log stays
referenced here until ``close()``, even when its players are dropped without being closed."""


@atexit.register
def _unset_all() -> None:
    """No callback may run while the interpreter is torn down."""
    for installed in list(_INSTALLED):
        installed.close()


class VlcLog:
    """Installed on one libVLC instance; ``close()`` before the instance is released."""

    def __init__(self, vlc: ModuleType, instance: Any, on_output_failed: Callable[[], None]) -> None:
        self._instance = instance
        self._on_output_failed = on_output_failed
        self._repeats = Repeats()
        self._format = _vsnprintf()
        # python-vlc's own binding of libvlc_log_get_context returns the line number in an awkward
        # way; this prototype asks for the module name only.
        self._context = ctypes.CFUNCTYPE(None, vlc.Log_ptr, ctypes.POINTER(ctypes.c_char_p),
                                         ctypes.c_void_p, ctypes.c_void_p)(("libvlc_log_get_context", vlc.dll))
        self._callback = vlc.CallbackDecorators.LogCb(self._logged)
        instance.log_set(self._callback, None)
        _INSTALLED.add(self)

    def _logged(self, _data: Any, level: int, context: Any, fmt: bytes | None, args: int | None) -> None:
        if level < LIBVLC_WARNING or fmt is None:
            return
        try:
            if fmt == OUTPUT_FAILED_FORMAT:
                self._on_output_failed()
            count = self._repeats.count_to_log(fmt)
            if count is not None:
                log.warning("libVLC %s: %s%s", self._module(context), self._text(fmt, args),
                            "" if count == 1 else f" (seen {count} times)")
        except Exception:  # an exception must not unwind into libVLC's C thread
            log.exception("reading a libVLC message failed")

    def _module(self, context: Any) -> str:
        module = ctypes.c_char_p()
        self._context(context, ctypes.byref(module), None, None)
        return (module.value or b"?").decode("utf-8", "replace")

    def _text(self, fmt: bytes, args: int | None) -> str:
        buffer = ctypes.create_string_buffer(MESSAGE_BYTES)
        self._format(buffer, MESSAGE_BYTES - 1, fmt, args)  # one pass: a va_list can be read only once
        return buffer.value.decode("utf-8", "replace").replace("\n", " ")

    def close(self) -> None:
        if self in _INSTALLED:
            _INSTALLED.discard(self)
            self._instance.log_unset()  # waits for callbacks under way


@functools.cache
def quiet_alsa() -> Any:
    """Send alsa-lib's error messages to the debug log, thinned, for the rest of the process.

    alsa-lib prints them to stderr itself, past VLC's log. The handler is process-wide, so it is
    installed once; the cache keeps it referenced (alsa-lib holds only its C pointer), and alsa-lib's
    own printing comes back at exit. None where there is no alsa-lib."""
    try:
        asound = ctypes.CDLL("libasound.so.2")
    except OSError:
        return None
    repeats = Repeats()

    def handle(_file: bytes | None, _line: int, function: bytes | None, _error: int, fmt: bytes | None) -> None:
        key = (function or b"") + b": " + (fmt or b"")
        count = repeats.count_to_log(key)
        if count is not None:
            log.debug("alsa-lib %s (seen %d times)", key.decode("utf-8", "replace"), count)

    handler = ALSA_HANDLER(handle)
    asound.snd_lib_error_set_handler.argtypes = [ALSA_HANDLER]
    asound.snd_lib_error_set_handler(handler)
    atexit.register(asound.snd_lib_error_set_handler, ALSA_HANDLER())  # NULL: alsa-lib's own again
    return handler
