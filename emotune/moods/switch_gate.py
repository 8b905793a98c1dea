"""When a change of the listener's mood reaches the speakers: the one rule every music source follows.

Faces flicker between expressions far faster than songs change, and music that jumps every few seconds
is what makes mood-following players tiresome; music that waits for the end of a 4-minute song feels
deaf. So a new stable mood must *hold* for ``HOLD_S`` seconds of face time before it may change the
music (the smoother already needs about 2 s to call it, so a change is heard about 7 s after the face
changed, and an expression of under about 4 s never is). A listener who looks away or leaves the desk
is no evidence at all: absence changes nothing and interrupts the hold. With
``SwitchBehaviour.IMMEDIATE`` the hold is zero, as that option says.
"""
from __future__ import annotations

from emotune.choices import SwitchBehaviour
from emotune.inference.mood_event import MoodEvent

HOLD_S = 5.0
"""Seconds a new stable mood must last before the music follows it."""

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

    def observe(self, event: MoodEvent) -> str | None:
        """The newly due mood, or None when the music should stay as it is."""
        now = event.t
        if self._since is not None and now < self._since:  # a new source restarted its clock
            self._since = None
        if not event.face_present or event.mood is None:
            self._since = None  # away: nothing changes, and a returning face must hold its mood anew
            return None
        if event.mood != self._mood or self._since is None:
            self._mood, self._since = event.mood, now
        if event.mood == self.served:
            return None
        needed = 0.0 if self.behaviour is SwitchBehaviour.IMMEDIATE else self.hold_s
        if now - self._since < needed:
            return None
        self.served = event.mood
        return event.mood

