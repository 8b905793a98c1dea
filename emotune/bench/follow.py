"""Benchmark of the whole loop face → mood → music: ``python -m emotune.bench.follow VIDEO --segments
SEGMENTS.json --events EVENTS.jsonl [--json]``.

Not a test: it plays a listening session the way the app would and reports what the music did. The
app's own ``Pipeline`` reads VIDEO at the app's analysis rate; each frame's ``MoodEvent`` goes to the app's own
``MoodDJ`` (switch gate, music table, selection policy) driving a ``CrossfadePlayer`` of two
``NullPlayer`` decks on a virtual clock, the frame time. Nothing is re-implemented here.

The library is generated metadata only: ``LIBRARY_SIZE`` songs of 2.5-5 minutes, moods spread as
in a real collection (``MOOD_SHARES``), placed around their mood's centre as audio analysis would.

Definitions (the issue's): a *blip* is a segment shorter than 4 s; a *change* is a face segment of at
least 20 s whose emotion differs from the previous non-blip segment's; its *latency* runs from its
start to the first moment a track that fits it (``music_table``) is playing. An *early* start cut the
previous track short (a crossfade included). Reported: changes followed within 15 s, latency p50/p90,
early starts caused by blips (within a blip or 8 s after it, outside a change's first 15 s), early
starts per 10 minutes outside changes, and the share of face time during which the playing track fits.
Session videos come from ``python -m tests.tools.listening_session``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from emotune.choices import PolicyMode, SwitchBehaviour
from emotune.inference.analysis_rate import AnalysisPacer
from emotune.inference.frame_source import VideoFileSource
from emotune.inference.mood_event import MoodEvent
from emotune.inference.pipeline import Pipeline
from emotune.library.track import Track
from emotune.mood_space import MOOD_VA
from emotune.moods.mood_dj import MoodDJ
from emotune.moods.music_table import fits, fitting_emotions
from emotune.moods.selection_policy import SelectionPolicy
from emotune.moods.track_queue import PlayQueue
from emotune.player.crossfade_player import CrossfadePlayer
from emotune.player.null_player import NullPlayer

LIBRARY_SIZE = 600
MOOD_SHARES = {"happy": 0.26, "energetic": 0.24, "calm": 0.2, "sad": 0.18, "angry": 0.12}
BLIP_S = 4.0
CHANGE_MIN_S = 20.0
FOLLOW_WITHIN_S = 15.0
BLIP_AFTER_S = 8.0


def generate_library(rng: random.Random, size: int = LIBRARY_SIZE) -> list[Track]:
    tracks = []
    for i in range(size):
        mood = rng.choices(list(MOOD_SHARES), weights=list(MOOD_SHARES.values()))[0]
        valence, arousal = MOOD_VA[mood]
        tracks.append(Track(path=f"bench://track/{i}", title=f"{mood} {i}", duration=rng.uniform(150, 300), id=i,
                            valence=max(-1, min(1, valence + rng.gauss(0, 0.12))),
                            arousal=max(-1, min(1, arousal + rng.gauss(0, 0.12))), mood_source="audio"))
    return tracks


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    label: str | None

    @property
    def length(self) -> float:
        return self.end - self.start


def read_segments(path: Path) -> list[Segment]:
    return [Segment(float(s["start"]), float(s["end"]), s["label"]) for s in json.loads(path.read_text())["segments"]]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def read_moods(video: Path) -> list[MoodEvent]:
    """``video`` through the app's pipeline at the app's analysis rate (``AnalysisPacer``; the other
    frames are skipped undecoded, as the worker does): the mood events the DJ would get."""
    pipeline = Pipeline()
    pacer = AnalysisPacer()
    source = VideoFileSource(video)
    source.open()
    events, index = [], 0
    try:
        while True:
            t = index / source.fps
            index += 1
            if not pacer.due(t):
                if not source.skip():
                    break
                continue
            ok, frame, t = source.read()
            if not ok:
                break
            events.append(pipeline.process(frame, t).event)
    finally:
        source.close()
    return events


def save_moods(events: list[MoodEvent], path: Path) -> None:
    np.savez_compressed(path, t=[e.t for e in events], mood=[e.mood or "" for e in events],
                        probabilities=[e.vector() for e in events], changed=[e.changed for e in events],
                        face=[e.face_present for e in events])


def load_moods(path: Path) -> list[MoodEvent]:
    with np.load(path) as saved:
        return [MoodEvent.from_vector(float(t), str(mood) or None, probabilities, bool(changed), bool(face))
                for t, mood, probabilities, changed, face in
                zip(saved["t"], saved["mood"], saved["probabilities"], saved["changed"], saved["face"])]


def play_session(events: list[MoodEvent], policy: PolicyMode, behaviour: SwitchBehaviour, seed: int
                 ) -> tuple[list[dict], list[tuple[float, Track | None]]]:
    """Feed the mood events to the DJ on their frame time; returns (track starts, (time, playing track)
    per frame)."""
    rng = random.Random(seed)
    tracks = generate_library(rng)
    clock = Clock()
    durations = {track.path: track.duration for track in tracks}
    decks = tuple(NullPlayer(durations=durations, clock=clock, threaded=False) for _ in range(2))
    player = CrossfadePlayer(decks, clock=clock, threaded=False)
    queue = PlayQueue(rng)
    dj = MoodDJ(player, queue, SelectionPolicy(policy), lambda: tracks, switch_behaviour=behaviour, rng=rng)
    starts: list[dict] = []
    playing: dict[str, tuple[Track, float]] = {}

    def started(track: Track, _reason: str) -> None:
        previous = playing.get("now")
        early = previous is not None and clock.now < previous[1] + previous[0].duration - 0.5
        playing["now"] = (track, clock.now)
        starts.append({"t": round(clock.now, 3), "track": track.id, "fits": fitting_emotions(track), "early": early})

    dj.on_selection(started)
    timeline: list[tuple[float, Track | None]] = []
    for event in events:
        clock.now = event.t
        dj.on_mood(event)
        player.tick()
        for deck in decks:
            deck.poll()
        if not starts and event.t >= 1.0:  # the listener presses Play after a second at the desk
            dj.start()
        timeline.append((event.t, queue.current() if starts else None))
    return starts, timeline


def summarise(segments: list[Segment], starts: list[dict], timeline: list[tuple[float, Track | None]],
              length_s: float) -> dict:
    changes, previous = [], None
    for segment in segments:
        if segment.length < BLIP_S:
            continue
        if segment.label is not None and segment.length >= CHANGE_MIN_S and (previous is None or segment.label != previous.label):
            changes.append(segment)
        previous = segment
    latencies = []
    for change in changes:
        fitting = [t for t, track in timeline if change.start <= t < change.end and fits(track, change.label)]
        latencies.append(fitting[0] - change.start if fitting else float("inf"))
    followed = [lat <= FOLLOW_WITHIN_S for lat in latencies]
    blips = [s for s in segments if s.length < BLIP_S and s.label is not None]
    in_change = [(c.start, c.start + FOLLOW_WITHIN_S) for c in changes]
    early = [s for s in starts if s["early"]]
    outside = [s for s in early if not any(a <= s["t"] <= b for a, b in in_change)]
    from_blips = [s for s in outside if any(b.start <= s["t"] <= b.end + BLIP_AFTER_S for b in blips)]
    fit_frames = total_frames = 0
    index = 0
    for t, track in timeline:
        while index < len(segments) - 1 and t >= segments[index].end:
            index += 1
        label = segments[index].label
        if label is None or segments[index].length < BLIP_S:
            continue
        total_frames += 1
        fit_frames += fits(track, label)
    finite = [lat for lat in latencies if np.isfinite(lat)]
    ordered = sorted(latencies)

    def quantile(q: float) -> float:  # nearest rank: an unfollowed change (inf) counts as slowest
        return ordered[max(0, int(np.ceil(q * len(ordered))) - 1)]

    return {
        "minutes": round(length_s / 60.0, 2),
        "changes": len(changes),
        "followed_within_15s": round(sum(followed) / len(changes), 3) if changes else None,
        "latency_p50_s": round(quantile(0.5), 2) if changes else None,
        "latency_p90_s": round(quantile(0.9), 2) if changes else None,
        "latency_followed_median_s": round(float(np.median(finite)), 2) if finite else None,
        "blips": len(blips),
        "track_changes_from_blips": len(from_blips),
        "early_changes_per_10min_outside_changes": round(len(outside) / (length_s / 600.0), 2),
        "track_starts": len(starts),
        "fit_share_of_face_time": round(fit_frames / total_frames, 3) if total_frames else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("video", type=Path)
    parser.add_argument("--segments", type=Path, required=True)
    parser.add_argument("--events", type=Path, help="write one JSON line per track start here")
    parser.add_argument("--policy", default=PolicyMode.MATCH.value, choices=[m.value for m in PolicyMode])
    parser.add_argument("--switch", default=SwitchBehaviour.CROSSFADE.value, choices=[b.value for b in SwitchBehaviour])
    parser.add_argument("--seed", type=int, default=0, help="library and DJ draws")
    parser.add_argument("--moods", type=Path,
                        help="keep the pipeline's per-frame mood events here and reuse them when present "
                             "(same video and model), to replay the DJ with other settings in seconds")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.moods and args.moods.exists():
        events = load_moods(args.moods)
    else:
        events = read_moods(args.video)
        if args.moods:
            save_moods(events, args.moods)
    starts, timeline = play_session(events, PolicyMode(args.policy), SwitchBehaviour(args.switch), args.seed)
    length = events[-1].t if events else 0.0
    if args.events:
        args.events.parent.mkdir(parents=True, exist_ok=True)
        args.events.write_text("".join(json.dumps(start) + "\n" for start in starts))
    summary = summarise(read_segments(args.segments), starts, timeline, length)
    summary.update(policy=args.policy, switch=args.switch, seconds=round(time.perf_counter() - started, 1))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key:42s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
