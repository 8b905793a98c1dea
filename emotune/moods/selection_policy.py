"""Turns the listener's stable mood into a place on the mood plane to aim for, and picks tracks near it.

Three policies, as the user sets them:

* **match** – aim at the music that fits how the listener feels, by ``music_table``: a sad listener
  often wants sad music first (being "understood" is why people choose it), a fearful one calm music.
* **lift** – the iso principle of music therapy (Altshuler 1948; Heiderscheit & Madson 2015): start
  where Match would, then move step by step towards a calm, content goal. Each track is one step of
  ``LIFT_STEP`` along a path on the plane. A tense, agitated listener (negative valence, high arousal)
  is first calmed and only then brightened, because jumping from anger to cheerful pop is heard as
  dismissive, while lowering arousal first is what de-escalates.
* **manual** – aim at a mood the user chose; the camera is ignored.

The listener is the smoother's stable mood and its confidence: the same figures the label, the bars
and the timeline show. Picking is deliberately not "the nearest track": among the few nearest (and
every track tied with them, as all tracks tagged "sad" sit on one point) one is drawn with weights
falling off with distance, so the same mood does not play the same song each time. Recently played
tracks are avoided, but fit comes first: in a small library a recent track of the right mood beats
a fresh one of the wrong mood.
"""
from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from emotune.choices import PolicyMode
from emotune.library.track import Track
from emotune.mood_space import EMOTIONS, MOOD_VA, MoodPoint
from emotune.moods.music_table import match_mood, track_mood

LIFT_GOAL = MoodPoint(0.6, -0.1)
"""'Calm-happy': content and relaxed, between the happy and calm track moods."""
LIFT_STEP = 0.3
"""Distance on the plane moved per track while lifting: small enough to be followed, large enough
that sad to content takes about five tracks (20 minutes), not an hour."""
CALM_FIRST_ABOVE_AROUSAL = 0.2
"""A negative listener above this arousal is calmed before being brightened."""
RECENT_LIMIT = 10
NEAREST_K = 4
DISTANCE_FALLOFF = 0.15
"""A candidate this much farther than the nearest is e times less likely to be picked."""
FIT_MARGIN = 0.3
"""Variety is drawn only among tracks at most this much farther from the target than the nearest one,
so a small library never pads the pool with a track of another mood (a sad listener hearing anger)."""

ProbabilitiesLike = np.ndarray | Sequence[float] | Mapping[str, float]


def emotion_probabilities(probabilities: ProbabilitiesLike) -> np.ndarray:
    """A (7,) vector in EMOTIONS order summing to 1 from an array, a sequence or a name → value dict."""
    if isinstance(probabilities, Mapping):
        vector = np.array([float(probabilities.get(name, 0.0)) for name in EMOTIONS])
    else:
        vector = np.asarray(probabilities, dtype=float).reshape(-1)
        if vector.size != len(EMOTIONS):
            raise ValueError(f"expected {len(EMOTIONS)} emotion probabilities, got {vector.size}")
    vector = np.clip(np.nan_to_num(vector), 0.0, None)
    total = vector.sum()
    if total <= 0:
        vector = np.zeros(len(EMOTIONS))
        vector[EMOTIONS.index("neutral")] = 1.0
        return vector
    return vector / total


@dataclass(frozen=True)
class Listener:
    """The listener as the smoother sees them: the stable emotion and its smoothed probability."""

    emotion: str
    confidence: float

    @classmethod
    def from_probabilities(cls, probabilities: ProbabilitiesLike) -> "Listener":
        """The most likely emotion of a distribution (for callers that have no stable mood)."""
        vector = emotion_probabilities(probabilities)
        best = int(vector.argmax())
        return cls(EMOTIONS[best], float(vector[best]))


def lift_path(start: MoodPoint, goal: MoodPoint = LIFT_GOAL) -> list[MoodPoint]:
    """The corners of the path from the listener to the goal (calm down first when agitated and negative)."""
    if start.valence < 0 and start.arousal > CALM_FIRST_ABOVE_AROUSAL:
        calmer = MoodPoint(start.valence / 2, goal.arousal)
        return [start, calmer, goal]
    return [start, goal]


def point_along(path: list[MoodPoint], distance: float) -> MoodPoint:
    """The point ``distance`` along the polyline ``path`` (its end once past it)."""
    for start, end in zip(path, path[1:]):
        length = start.distance(end)
        if distance <= length and length > 0:
            share = distance / length
            return MoodPoint(start.valence + share * (end.valence - start.valence),
                             start.arousal + share * (end.arousal - start.arousal))
        distance -= length
    return path[-1]


def path_length(path: list[MoodPoint]) -> float:
    return sum(a.distance(b) for a, b in zip(path, path[1:]))


@dataclass(frozen=True)
class Target:
    """A point to pick a track near, and what led to it (for the reason shown in the UI)."""

    point: MoodPoint
    mode: PolicyMode
    listener: Listener | None = None
    step: int = 0
    """Lift: which step of the path (0 = where Match would aim)."""
    steps: int = 0
    """Lift: the step at which the goal is reached."""

    def reason(self, track: Track) -> str:
        """E.g. "Sad 62% → match → sad", "Sad 62% → lift, step 2 of 5 → calm", "Manual → calm"."""
        mood = track_mood(track) or "unrated"
        if self.mode is PolicyMode.MANUAL:
            return f"Manual → {mood}"
        seen = (f"{self.listener.emotion.title()} {self.listener.confidence:.0%}" if self.listener
                else "No mood yet")
        how = (f"lift, step {min(self.step, self.steps) + 1} of {self.steps + 1}" if self.mode is PolicyMode.LIFT
               else "match")
        return f"{seen} → {how} → {mood}"


@dataclass(frozen=True)
class Selection:
    track: Track
    reason: str
    target: Target


def track_point(track: Track) -> MoodPoint | None:
    if track.valence is None or track.arousal is None:
        return None
    return MoodPoint(track.valence, track.arousal)


def recent_paths(history: Sequence[Track], library_size: int) -> set[str]:
    """Paths not to repeat: the last RECENT_LIMIT played, or the last half of the library if smaller."""
    limit = min(RECENT_LIMIT, library_size // 2)
    return {track.path for track in history[-limit:]} if limit > 0 else set()


def pick_next(tracks: Sequence[Track], target: Target, history: Sequence[Track],
              rng: random.Random, k: int = NEAREST_K) -> Selection | None:
    """A track near ``target.point``, drawn among the ``k`` nearest that fit about as well as the nearest.

    Recently played tracks are left out while a fitting one remains; when every fitting track was
    played recently, the one played longest ago comes back (fit beats variety). Tracks without a mood
    position are taken only when no placed track is there.
    """
    if not tracks:
        return None
    placed = [track for track in tracks if track_point(track) is not None]
    if not placed:
        recent = recent_paths(history, len(tracks))
        chosen = rng.choice([track for track in tracks if track.path not in recent] or list(tracks))
        return Selection(chosen, target.reason(chosen), target)
    nearest = min(target.point.distance(track_point(track)) for track in placed)
    fitting = [track for track in placed if target.point.distance(track_point(track)) <= nearest + FIT_MARGIN]
    recent = recent_paths(history, len(tracks))
    fresh = [track for track in fitting if track.path not in recent]
    if fresh:
        chosen = _draw_near(fresh, target.point, rng, k)
    else:
        last_played = {track.path: i for i, track in enumerate(history)}
        chosen = min(fitting, key=lambda track: last_played.get(track.path, -1))
    return Selection(chosen, target.reason(chosen), target)


def _draw_near(tracks: list[Track], point: MoodPoint, rng: random.Random, k: int) -> Track:
    placed = sorted(((point.distance(track_point(track)), track) for track in tracks), key=lambda item: item[0])
    nearest = placed[0][0]
    cutoff = placed[min(k, len(placed)) - 1][0] + 1e-9  # the k-th nearest, and everything tied with it
    cutoff = min(cutoff, nearest + FIT_MARGIN)
    pool = [(distance, track) for distance, track in placed if distance <= cutoff]
    weights = [math.exp(-(distance - nearest) / DISTANCE_FALLOFF) for distance, _ in pool]
    return rng.choices([track for _, track in pool], weights=weights)[0]


class SelectionPolicy:
    """The user's policy choice, and the targets and queues it leads to for a listener."""

    def __init__(self, mode: PolicyMode | str = PolicyMode.MATCH, manual_mood: str = "calm",
                 goal: MoodPoint = LIFT_GOAL, step: float = LIFT_STEP, k: int = NEAREST_K) -> None:
        self.goal = goal
        self.step = step
        self.k = k
        self.mode = PolicyMode.MATCH
        self.manual_mood = "calm"
        self.set_mode(mode, manual_mood)

    def set_mode(self, mode: PolicyMode | str, manual_mood: str | None = None) -> None:
        try:
            mode = PolicyMode(mode)
        except ValueError:
            raise ValueError(f"unknown policy {mode!r}; expected one of "
                             f"{', '.join(m.value for m in PolicyMode)}") from None
        if manual_mood is not None:
            if manual_mood not in MOOD_VA:
                raise ValueError(f"unknown mood {manual_mood!r}; expected one of {', '.join(MOOD_VA)}")
            self.manual_mood = manual_mood
        self.mode = mode

    def targets(self, listener: Listener | None, count: int, start_step: int = 0,
                playing: Track | None = None) -> list[Target]:
        """``count`` successive targets; for lift, steps ``start_step`` .. along the path to the goal.

        Without a listener (no mood seen yet) the listener is taken as neutral; ``playing`` lets a
        neutral listener keep the music's character (``music_table.match_mood``).
        """
        if self.mode is PolicyMode.MANUAL:
            return [Target(MoodPoint(*MOOD_VA[self.manual_mood]), PolicyMode.MANUAL)] * count
        emotion = listener.emotion if listener else "neutral"
        start = MoodPoint(*MOOD_VA[match_mood(emotion, playing)])
        if self.mode is PolicyMode.MATCH:
            return [Target(start, PolicyMode.MATCH, listener)] * count
        path = lift_path(start, self.goal)
        steps = math.ceil(path_length(path) / self.step - 1e-9)
        return [Target(point_along(path, i * self.step), PolicyMode.LIFT, listener, i, steps)
                for i in range(start_step, start_step + count)]

    def build_queue(self, tracks: Sequence[Track], listener: Listener | None, history: Sequence[Track],
                    count: int, rng: random.Random, start_step: int = 0,
                    playing: Track | None = None) -> list[Selection]:
        """The next ``count`` picks (fewer if the library runs out), none repeating one another."""
        played = list(history)
        selections = []
        for target in self.targets(listener, count, start_step, playing):
            selection = pick_next(tracks, target, played, rng, self.k)
            if selection is None:
                break
            selections.append(selection)
            played.append(selection.track)
        return selections
