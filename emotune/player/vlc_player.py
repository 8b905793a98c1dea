"""Plays local files and URIs through libvlc (python-vlc).

libvlc delivers events on its own threads and forbids calling back into libvlc from inside an event
callback (it deadlocks). So the callbacks here only drop a note on a queue; one small worker thread
acts on the notes (track finished, playback error) and, while playing, reports the position every
300 ms. A generation number, bumped on every play/stop, lets the worker ignore the late "end" of a
track that was already replaced. State changes are made and announced under one lock, so
subscribers must not block. libVLC's log goes to Emotune's log (``vlc_log``), which also tells when
no sound output works: that is reported once through ``on_output_failed``, and the track plays on.
"""
from __future__ import annotations

import logging
import queue
import struct
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from emotune.errors import PlayerError
from emotune.player.base_player import BasePlayer, OutputDevice, PlayerState
from emotune.player.vlc_log import VlcLog, quiet_alsa

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.3
REQUIRED_ARGS = ("--no-video", "--quiet")


def install_hint() -> str:
    bits = struct.calcsize("P") * 8
    return (
        "Emotune plays local music with VLC's library (libvlc). Install it and restart Emotune:\n"
        "  Debian/Ubuntu: sudo apt install libvlc5 vlc-plugin-base\n"
        "  macOS: brew install --cask vlc\n"
        f"  Windows: install VLC from videolan.org, the {bits}-bit version (the same bitness as this Python)."
    )


def _load_vlc() -> ModuleType:
    """Import python-vlc, which loads libvlc at import time; raise PlayerError saying what to install."""
    try:
        import vlc
    # python-vlc raises OSError/NotImplementedError when libvlc is missing, and even calls
    # sys.exit() when PYTHON_VLC_LIB_PATH points at nothing; none of that may end the app.
    except (ImportError, OSError, NotImplementedError, SystemExit) as error:
        detail = f"libvlc could not be loaded ({error!r}).\n{install_hint()}"
        raise PlayerError("VLC is not installed", detail) from None
    return vlc


def vlc_available() -> tuple[bool, str]:
    """(True, libvlc version) when a libvlc instance can be started, else (False, what to install)."""
    try:
        vlc = _load_vlc()
        instance = vlc.Instance(["--aout=dummy", *REQUIRED_ARGS])
    except PlayerError as error:
        return False, error.detail
    if instance is None:
        return False, f"libvlc is installed but would not start (are its plugins missing?).\n{install_hint()}"
    instance.release()
    return True, vlc.libvlc_get_version().decode("utf-8", "replace")


class _SharedInstance:
    """One libvlc instance (its plugins cost ~30 MB) and its log, shared by the players made from it;
    released with the last of them. ``output_failed`` is set at the first "no sound output" of the
    instance's players and cleared when a device is chosen, so each verdict is told once."""

    def __init__(self, vlc: ModuleType, instance) -> None:
        self.instance = instance
        self.players: list[VlcPlayer] = []
        self.output_failed = False
        self._lock = threading.Lock()
        quiet_alsa()
        self._log = VlcLog(vlc, instance, self._output_failed)

    def acquire(self, player: "VlcPlayer"):
        with self._lock:
            self.players.append(player)
            return self.instance

    def release(self, player: "VlcPlayer") -> None:
        with self._lock:
            self.players.remove(player)
            if not self.players:
                self._log.close()
                self.instance.release()

    def _output_failed(self) -> None:
        """On libVLC's thread: only drop a note for each player's worker."""
        with self._lock:
            if self.output_failed:
                return
            self.output_failed = True
            players = list(self.players)
        for player in players:
            player.output_failed_seen()


class VlcPlayer(BasePlayer):
    """The libvlc backend; ``vlc_args`` are passed to libvlc (tests use ``--aout=dummy`` or ``--aout=afile``).
    ``twin()`` makes a second player on the same libvlc instance (a crossfade's other deck)."""

    name = "vlc"

    def __init__(self, vlc_args: list[str] | None = None, _shared: _SharedInstance | None = None) -> None:
        super().__init__()
        self._vlc = _load_vlc()
        args = list(vlc_args or [])
        args += [arg for arg in REQUIRED_ARGS if arg not in args]
        self._args = args
        if _shared is None:
            instance = self._vlc.Instance(args)
            if instance is None:
                detail = f"libvlc refused to start with {' '.join(args)} (are its plugins missing?).\n{install_hint()}"
                raise PlayerError("VLC could not start", detail)
            _shared = _SharedInstance(self._vlc, instance)
        self._shared = _shared
        self._instance = _shared.acquire(self)
        self._player = self._instance.media_player_new()
        self._system_device = self._player.audio_output_device_get()  # what "" goes back to
        self._device = ""
        self._lock = threading.RLock()  # orders play/stop against each other and the generation number
        self._generation = 0
        self._uri = ""
        self._volume = 100
        self._closed = False
        self._notes: queue.SimpleQueue[tuple[str, int]] = queue.SimpleQueue()
        self._events = self._player.event_manager()
        self._watched = (
            (self._vlc.EventType.MediaPlayerEndReached, "end"),
            (self._vlc.EventType.MediaPlayerEncounteredError, "error"),
        )
        for event_type, note in self._watched:
            self._events.event_attach(event_type, self._on_vlc_event, note)
        self._worker = threading.Thread(target=self._work, name="vlc-player-events", daemon=True)
        self._worker.start()

    def twin(self) -> "VlcPlayer":
        """Another player on this one's libvlc instance."""
        return VlcPlayer(self._args, _shared=self._shared)

    # -- libvlc's thread: never call libvlc here -------------------------
    def _on_vlc_event(self, _event: Any, note: str) -> None:
        self._notes.put((note, self._generation))

    def output_failed_seen(self) -> None:
        """No sound output works (called on libVLC's thread, through the shared instance)."""
        self._notes.put(("no-output", self._generation))

    # -- the worker thread ------------------------------------------------
    def _work(self) -> None:
        while True:
            try:
                note, generation = self._notes.get(timeout=POLL_INTERVAL_S)
            except queue.Empty:
                if self._state is PlayerState.PLAYING:
                    self._guarded(self._report_position)
                continue
            if note == "quit":
                return
            if note == "no-output":
                self._guarded(self._emit_output_failed, self._no_output_error())
                continue
            self._guarded(self._act_on, note, generation)

    def _no_output_error(self) -> PlayerError:
        named = {device.id: device.description for device in self.output_devices()}
        which = (f"the sound output “{named.get(self._device, self._device)}” chosen in Settings" if self._device
                 else "any sound output")
        return PlayerError("No sound: no audio output works",
                           f"VLC could not open {which} on this computer, so the music plays without sound. "
                           "The camera and the mood reading go on as before. Connect speakers or headphones, "
                           "or choose another output in Settings → Playback.")

    def _report_position(self) -> None:
        self._emit_position(self.position(), self.duration())

    def _act_on(self, note: str, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # the end or error of a track that was replaced or stopped meanwhile
            uri = self._uri
            self._generation += 1
            if note == "end" and not self._played_audio():
                note = "error"
            self._set_state(PlayerState.STOPPED if note == "end" else PlayerState.ERROR)
        if note == "end":
            self._emit_finished(uri)
        else:
            detail = f"VLC could not decode {uri}; the file may be damaged."
            self._emit_error(PlayerError("Cannot play this track", detail))

    def _played_audio(self) -> bool:
        """Whether the media that just ended had an audio stream: VLC reports a file it could not
        decode at all (text renamed .ogg, an empty FLAC) as reaching its end, not as an error."""
        media = self._player.get_media()  # a new reference, released below
        if media is None:
            return False
        try:
            return any(track.type == self._vlc.TrackType.audio for track in media.tracks_get() or ())
        finally:
            media.release()

    @staticmethod
    def _guarded(action: Callable[..., None], *args: Any) -> None:
        """Run a subscriber-facing action so that a failing subscriber cannot kill the worker."""
        try:
            action(*args)
        except Exception:
            log.exception("a player callback failed")

    # -- the contract -------------------------------------------------------
    def play(self, uri: str) -> None:
        self.play_from(uri, 0.0)

    def play_from(self, uri: str, start_s: float) -> None:
        """libVLC opens the media at ``start_s`` (a seek before the input runs would be dropped)."""
        if self._closed:
            raise PlayerError("The player is closed", "Playback was requested after the player was shut down.")
        if "://" in uri:
            media = self._instance.media_new(uri)
        else:
            if not Path(uri).is_file():
                raise PlayerError("File not found", f"{uri} does not exist or is not a file; rescan the library.")
            media = self._instance.media_new_path(uri)
        if start_s > 0:
            media.add_option(f":start-time={start_s:.3f}")
        with self._lock:
            self._generation += 1
            self._uri = uri
            self._player.set_media(media)
            media.release()
            if self._player.play() == -1:
                self._set_state(PlayerState.ERROR)
                raise PlayerError("Cannot play this track", f"VLC could not start playing {uri}.")
            self._player.audio_set_volume(self._volume)
            self._set_state(PlayerState.PLAYING)

    def pause(self) -> None:
        with self._lock:
            if self._state is not PlayerState.PLAYING:
                return
            self._player.set_pause(1)
            self._set_state(PlayerState.PAUSED)

    def resume(self) -> None:
        with self._lock:
            if self._state is not PlayerState.PAUSED:
                return
            self._player.set_pause(0)
            self._player.audio_set_volume(self._volume)
            self._set_state(PlayerState.PLAYING)

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
            if self._closed:
                return
            self._player.stop()
            self._set_state(PlayerState.STOPPED)

    def seek(self, position_s: float) -> None:
        with self._lock:
            if self._state not in (PlayerState.PLAYING, PlayerState.PAUSED):
                return
            self._player.set_time(int(max(position_s, 0.0) * 1000))

    def position(self) -> float:
        if self._state not in (PlayerState.PLAYING, PlayerState.PAUSED):
            return 0.0
        return max(self._player.get_time(), 0) / 1000.0

    def duration(self) -> float:
        if self._state is PlayerState.STOPPED:
            return 0.0
        length = self._player.get_length()
        if length <= 0:  # not known to the player yet; the media may have it from parsing
            media = self._player.get_media()
            if media is not None:
                length = media.get_duration()
                media.release()
        return max(length, 0) / 1000.0

    def set_volume(self, volume: int) -> None:
        self._volume = int(min(max(volume, 0), 100))
        # Before audio output exists libvlc refuses (-1); play() and resume() apply it again.
        self._player.audio_set_volume(self._volume)

    def volume(self) -> int:
        return self._volume

    def output_devices(self) -> list[OutputDevice]:
        """The devices of the output module VLC runs with (ALSA, PulseAudio, WASAPI…)."""
        head = self._player.audio_output_device_enum()
        devices, item = [], head
        while item:
            device = item.contents
            devices.append(OutputDevice(_text(device.device), " — ".join(_text(device.description).splitlines())))
            item = device.next
        if head:
            self._vlc.libvlc_audio_output_device_list_release(head)
        return devices

    def set_output_device(self, device_id: str) -> None:
        """Takes effect at once, also while playing. "" goes back to the device VLC chose at start (when
        it had not chosen one yet, the last choice stays until Emotune restarts)."""
        self._device = device_id
        self._shared.output_failed = False  # a new choice gets a new verdict
        chosen = device_id or self._system_device
        if chosen:
            self._player.audio_output_device_set(None, chosen)

    def close(self) -> None:
        if self._closed:
            return
        self.stop()
        self._closed = True
        self._notes.put(("quit", self._generation))
        if threading.current_thread() is not self._worker:
            self._worker.join(timeout=5.0)
        for event_type, _note in self._watched:
            self._events.event_detach(event_type)
        self._player.release()
        self._shared.release(self)


def _text(value: bytes | None) -> str:
    return (value or b"").decode("utf-8", "replace")
