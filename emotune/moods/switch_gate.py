"""When a change of the listener's mood reaches the speakers: the one rule every music source follows.

Faces flicker between expressions far faster than songs change, and music that jumps every few seconds
is what makes mood-following players tiresome; music that waits for the end of a 4-minute song feels
deaf. So a new stable mood must *hold* for ``HOLD_S`` seconds of face time before it may change the
music (the smoother already needs about 2 s to call it, so a change is heard about 7 s after the face
changed, and an expression of under about 4 s never is). A listener who looks away or leaves the desk
is no evidence at all: absence changes nothing, and one of over ``AWAY_AFTER_S`` interrupts the hold
(a face missed for a frame or two while it is followed does not). Once the music has changed, it
*settles* for ``SETTLE_S``: a misread that outlasts the hold (the model reads some angry faces as
fearful for 10-20 s) would otherwise swing it back and forth. With ``SwitchBehaviour.IMMEDIATE``
there is neither hold nor settling, as that option says.
"""
from __future__ import annotations

from collections.abc import Callable

from emotune.choices import SwitchBehaviour
from emotune.inference.mood_event import MoodEvent

HOLD_S = 5.0
"""Seconds a new stable mood must last before the music follows it."""

AWAY_AFTER_S = 2.0
"""Faceless time that counts as the listener being away; shorter gaps are a detector's misses."""

SETTLE_S = 30.0
"""After the music changed for a mood, it does not change for another one for this long."""

CROSSFADE_S = 4.0
"""Length of the blend from the outgoing to the incoming track."""


class SwitchGate:
    """Feed it every mood event; it answers the mood to serve when one is due. Time is the events' own
    (frame time), so a hold means seconds of watched face whatever the machine's load."""

    def __init__(self, behaviour: SwitchBehaviour = SwitchBehaviour.CROSSFADE, hold_s: float = HOLD_S) -> None:
        self.behaviour = SwitchBehaviour(behaviour)
        self.hold_s = hold_s
        self.served: str | None = None
        """The mood the music was last chosen for (None before any)."""
        self._mood: str | None = None
        self._since: float | None = None
        self._face_t: float | None = None
        self._changed_t: float | None = None  # when a mood last changed the music

    def observe(self, event: MoodEvent, fits_playing: Callable[[str], bool]) -> str | None:
        """The newly due mood, or None when the music should stay as it is. ``fits_playing(mood)``
        says whether what plays suits ``mood``; only a mood it does not suit changes the music, and
        starts the settling."""
        now = event.t
        if self._since is not None and now < self._since:  # a new source restarted its clock
            self._since = None
        if not event.face_present or event.mood is None:
            if self._face_t is None or now - self._face_t > AWAY_AFTER_S:
                self._since = None  # away: a returning face must hold its mood anew
            return None  # nothing changes without a face
        self._face_t = now
        if event.mood != self._mood or self._since is None:
            self._mood, self._since = event.mood, now
        if event.mood == self.served:
            return None
        if self.behaviour is SwitchBehaviour.IMMEDIATE:
            self.served = event.mood
            return event.mood
        if now - self._since < self.hold_s:
            return None
        changes_music = not fits_playing(event.mood)
        if changes_music and self._changed_t is not None and self._changed_t <= now < self._changed_t + SETTLE_S:
            return None
        self.served = event.mood
        if changes_music:
            self._changed_t = now
        return event.mood

