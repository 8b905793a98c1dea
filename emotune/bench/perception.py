"""Benchmark of the perception pipeline: ``python -m emotune.bench.perception`` (from the repo root).

Not a test: it prints figures to compare against the targets, measured through the same ``Pipeline``
the app runs, with one thread:

* per-frame time at 640x480 with one face (target p50 <= 8 ms, p95 <= 15 ms);
* CPU share of a 30 fps real-time run, process time over wall time (target <= 35 % of one core);
* detection rate on faces of 100-300 px, each held for a short clip (target >= 97 %);
* end-to-end emotion accuracy per frame on faces of 120-260 px (and the model's own accuracy on the
  same 48x48 images, for reference);
* the smoother on synthetic TIMELINE videos: segments followed within 3 s (target >= 90 %) and
  spurious switches per minute (target <= 1), pooled over 10 videos;
* raw YuNet at 320x240 and 640x480 in the same run, as a yardstick for how fast this machine is.

The frame time, detection, accuracy and timeline figures are measured twice in the same run:
``app`` is what the app does (the mood read at most ANALYSIS_FPS times a second, a followed face
looked for in its region between full-frame searches every FULL_DETECTION_S), ``every_frame`` the
previous way (every frame analysed, the whole frame searched each time), so a change in cost can be
weighed against any change in accuracy on the same machine at the same moment. Detection and
accuracy are scored on every frame for both (the app's detection schedule runs by time, so it is
the same at any analysis rate, and the short clips would otherwise weigh their first frames
double); the frame time and the timelines use the frames the app analyses.

Faces are FER2013 PublicTest images (from ../shared) pasted on textured backgrounds by the test tools
in ``tests/tools``; repeated measurements are reported as medians. ``--tune-crop`` instead sweeps the
crop geometry and prints the model's accuracy for each, which is how ``face_crop.FER_CROP`` was chosen.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from emotune.inference.face_crop import FER_CROP, crop_face
from emotune.inference.face_detector import YUNET_FILE
from emotune.inference.frame_source import LatestFrameGrabber, VideoFileSource
from emotune.inference.mood_smoother import MoodSmoother
from emotune.inference.analysis_rate import ANALYSIS_FPS, AnalysisPacer
from emotune.inference.pipeline import FULL_DETECTION_S, Pipeline
from emotune.mood_space import EMOTIONS
from emotune.paths import model_path
from tests.tools.face_video import FerFace, drifting_scenes, read_fer_faces, write_video
from tests.tools.timeline_video import Segment, make_timeline_video, plan_segments, timeline_frames, timeline_metrics


def inside(box: tuple[int, int, int, int] | None, truth: tuple[int, int, int, int]) -> bool:
    """A detection counts when its centre lies in the pasted face square."""
    if box is None:
        return False
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return truth[0] <= cx <= truth[0] + truth[2] and truth[1] <= cy <= truth[1] + truth[3]


def measure_frame_time(pipeline: Pipeline, faces: list[FerFace], repeats: int = 3,
                       pacer: AnalysisPacer | None = None) -> dict:
    """Wall and CPU (this thread's) ms of ``Pipeline.process`` on 640x480 frames with one face, 1 s per
    person at 30 fps (the first frame of each is a fine search for a new face); medians over runs.
    With ``pacer`` only the frames it picks are analysed (and timed).

    On a shared machine wall time includes waiting for a core; the thread's CPU time does not, and is
    what the same code costs on an idle one-core budget.
    """
    rng = np.random.default_rng(1)
    per_face = 30
    scenes = list(drifting_scenes(rng, [face.pixels for face in faces[:20]], per_face))
    runs: dict[str, list[float]] = {key: [] for key in ("ms_p50", "ms_p95", "cpu_ms_p50", "cpu_ms_p95")}
    for _ in range(repeats):
        wall, cpu = [], []
        for i, scene in enumerate(scenes):
            if i % per_face == 0:
                pipeline.reset()
                if pacer is not None:
                    pacer.reset()
            if pacer is not None and not pacer.due((i % per_face) / 30):
                continue
            start = time.thread_time()
            wall.append(pipeline.process(scene.frame, (i % per_face) / 30).ms)
            cpu.append((time.thread_time() - start) * 1000.0)
        for key, values in (("ms", wall), ("cpu_ms", cpu)):
            runs[f"{key}_p50"].append(float(np.percentile(values, 50)))
            runs[f"{key}_p95"].append(float(np.percentile(values, 95)))
    return {key: float(np.median(values)) for key, values in runs.items()} | {"frames": len(wall)}


def measure_machine_reference(faces: list[FerFace], runs: int = 100) -> dict:
    """Raw YuNet (``cv2.FaceDetectorYN``, 1 thread) on one frame at 320x240 and 640x480, p50 ms.

    The issue's targets come with reference figures from its dev machine (YuNet alone: 3.3 ms at
    320x240, 12 ms at 640x480). Machines here differ by 2x and more, so the pipeline's time is also
    reported as a ratio to this measurement, taken in the same run.
    """
    frame = next(iter(drifting_scenes(np.random.default_rng(5), [faces[0].pixels], 1))).frame
    figures = {}
    for width, height in ((320, 240), (640, 480)):
        net = cv2.FaceDetectorYN.create(str(model_path(YUNET_FILE)), "", (width, height), 0.5, 0.3, 20)
        image = cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)
        times = []
        for i in range(runs + 10):
            start = time.perf_counter()
            net.detect(image)
            if i >= 10:  # warm-up
                times.append((time.perf_counter() - start) * 1000.0)
        figures[f"yunet_{width}x{height}_ms_p50"] = float(np.median(times))
    return figures


def measure_cpu(pipeline: Pipeline, faces: list[FerFace], folder: Path, seconds: float = 15.0) -> dict:
    """A person on camera at 30 fps, paced in real time, through the worker's loop (grabber thread,
    newest frame, process): the whole process's CPU time over wall time, decoding included."""
    rng = np.random.default_rng(2)
    segments = plan_segments(rng, sorted({face.label for face in faces}), seconds)
    video = write_video(folder / "cpu_30fps.avi", timeline_frames(rng, segments, faces, 30.0), 30.0)
    pipeline.reset()
    grabber = LatestFrameGrabber(VideoFileSource(video, realtime=True))
    processed = with_face = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    grabber.start()
    try:
        while (frame := grabber.latest(timeout=0.5)) is not None or not grabber.finished:
            if frame is not None:
                with_face += pipeline.process(frame.image, frame.t).followed is not None
                processed += 1
    finally:
        grabber.stop()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"cpu_percent_of_one_core": 100.0 * cpu / wall, "wall_s": wall, "frames_processed": processed,
            "frames_with_face": with_face}


def measure_detection_and_accuracy(pipeline: Pipeline, faces: list[FerFace], frames_per_face: int = 10,
                                   pacer: AnalysisPacer | None = None) -> dict:
    """Each face a short drifting clip at 15 fps, 100-300 px; accuracy on the 120-260 px ones. With
    ``pacer`` only the frames it picks are analysed, and the rates are over those."""
    rng = np.random.default_rng(3)
    detected = total = correct = correct_found = counted = counted_found = 0
    scenes = drifting_scenes(rng, [face.pixels for face in faces], frames_per_face, sides=(100, 300))
    for i, scene in enumerate(scenes):
        if i % frames_per_face == 0:
            pipeline.reset()
            if pacer is not None:
                pacer.reset()
        face = faces[i // frames_per_face]
        if pacer is not None and not pacer.due((i % frames_per_face) / 15):
            continue
        result = pipeline.process(scene.frame, (i % frames_per_face) / 15)
        hit = inside(result.followed, scene.box)
        total += 1
        detected += hit
        if 120 <= scene.box[2] <= 260:
            right = hit and int(np.argmax(result.raw_probs)) == face.label
            counted += 1
            correct += right
            counted_found += hit
            correct_found += right
    reference = pipeline.classifier.predict([face.pixels for face in faces]).argmax(axis=1)
    return {"detection_rate": detected / total, "frames": total,
            "accuracy_per_frame": correct / max(counted, 1),
            "accuracy_per_detected_frame": correct_found / max(counted_found, 1),
            "accuracy_frames": counted,
            "model_accuracy_on_48px_images": float(np.mean(reference == [face.label for face in faces]))}


def measure_timeline(pipeline: Pipeline, faces: list[FerFace], folder: Path, seeds: tuple[int, ...],
                     pacer: AnalysisPacer | None = None) -> dict:
    """Run the TIMELINE videos through the pipeline; rates pooled over all their segments and minutes,
    and each video's own figures (``per_video``), so that runs on more seeds can be pooled per subset.

    Seeds 0.. are the benchmark's; the smoother's defaults were chosen on seeds 100-119
    (``--first-timeline 100 --timelines 20``), so these figures are not fitted to the videos they
    are measured on. With ``pacer`` only the frames it picks are analysed; the mood is scored at
    those moments. A video already written in ``folder`` is reused."""
    runs = []
    for seed in seeds:
        path = folder / f"timeline_{seed}.avi"
        segments_path = path.with_suffix(".json")
        if segments_path.exists():
            segments = [Segment(**item) for item in json.loads(segments_path.read_text())]
        else:
            segments = make_timeline_video(path, faces, duration_s=120.0, fps=15.0, seed=seed)
            segments_path.write_text(json.dumps([vars(segment) for segment in segments]))
        source = VideoFileSource(path, realtime=False)
        source.open()
        pipeline.reset()
        if pacer is not None:
            pacer.reset()
        times, moods, raw = [], [], []
        try:
            while True:
                ok, frame, t = source.read()
                if not ok:
                    break
                if pacer is not None and not pacer.due(t):
                    continue
                result = pipeline.process(frame, t)
                times.append(t)
                moods.append(result.mood)
                raw.append(result.raw_probs)
        finally:
            source.close()
        evidence = [None if probs is None else pipeline.smoother.evidence(probs) for probs in raw]
        runs.append(timeline_metrics(segments, times, moods, EMOTIONS, evidence=evidence) | {"seed": seed})
    return pool_timeline_runs(runs) | {"per_video": runs}


def pool_timeline_runs(runs: list[dict]) -> dict:
    """Segment shares weighted by segments, per-minute rates by minutes; the lag as a median of medians."""
    segments = sum(run["segments"] for run in runs)
    minutes = sum(run["minutes"] for run in runs)
    pooled = {"videos": len(runs), "segments": segments, "minutes": minutes,
              "followed": sum(run["followed"] * run["segments"] for run in runs) / segments,
              "spurious_per_min": sum(run["spurious_per_min"] * run["minutes"] for run in runs) / minutes,
              "lag_s_median": float(np.nanmedian([run["lag_s_median"] for run in runs]))}
    if "oracle_followed" in runs[0]:
        pooled["oracle_followed"] = sum(run["oracle_followed"] * run["segments"] for run in runs) / segments
    return pooled


def tune_crop(pipeline: Pipeline, faces: list[FerFace]) -> list[dict]:
    """Model accuracy for each crop geometry on the same detected scenes, best first."""
    rng = np.random.default_rng(4)
    items = []
    for face, scene in zip(faces, drifting_scenes(rng, [face.pixels for face in faces], 1)):
        pipeline.reset()
        detections = [f for f in pipeline.detector.detect(scene.frame) if inside(f.box, scene.box)]
        if detections:
            items.append((scene.frame, max(detections, key=lambda f: f.area), face.label))
    labels = np.array([label for _, _, label in items])
    results = []
    grid = itertools.product((2.3, 2.5, 2.7, 2.9), (-0.09, -0.05, -0.01), (True, False))
    for scale, shift, level in grid:
        geometry = replace(FER_CROP, scale=scale, shift=shift, level_eyes=level)
        crops = [crop_face(frame, face, geometry) for frame, face, _ in items]
        accuracy = float(np.mean(pipeline.classifier.predict(crops).argmax(axis=1) == labels))
        results.append({"scale": scale, "shift": shift, "level_eyes": level, "accuracy": accuracy})
    return sorted(results, key=lambda r: -r["accuracy"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emotune.bench.perception", description=__doc__.split("\n\n")[0])
    parser.add_argument("--faces", type=int, default=500, help="PublicTest faces for detection and accuracy")
    parser.add_argument("--timelines", type=int, default=10, help="TIMELINE videos (120 s each)")
    parser.add_argument("--first-timeline", type=int, default=0,
                        help="seed of the first TIMELINE video (the smoother was tuned on 100-119)")
    parser.add_argument("--tune-crop", action="store_true", help="sweep the crop geometry instead")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--videos", type=Path,
                        help="keep the generated TIMELINE videos in this folder and reuse them (default: temporary)")
    args = parser.parse_args(argv)
    faces = read_fer_faces("PublicTest")
    spread = [faces[i] for i in np.linspace(0, len(faces) - 1, min(args.faces, len(faces))).astype(int)]
    pipeline = Pipeline(full_every_s=None)
    if args.tune_crop:
        for row in tune_crop(pipeline, spread):
            print(json.dumps(row))
        return 0
    with tempfile.TemporaryDirectory(prefix="emotune-bench-") as tmp:
        folder = args.videos or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        seeds = tuple(range(args.first_timeline, args.first_timeline + args.timelines))
        app = Pipeline(full_every_s=FULL_DETECTION_S, detector=pipeline.detector, classifier=pipeline.classifier)
        figures = {"machine_reference": measure_machine_reference(spread),
                   "app": {"analysis_fps": ANALYSIS_FPS, "full_detection_s": FULL_DETECTION_S}, "every_frame": {}}
        for name, chosen, pacer in (("every_frame", pipeline, None), ("app", app, AnalysisPacer())):
            figures[name] |= {
                "frame_time": measure_frame_time(chosen, spread, pacer=pacer),
                # on every frame: which frames the app analyses is chance, how it detects them is not
                "detection_and_accuracy": measure_detection_and_accuracy(chosen, spread),
                "timeline": measure_timeline(chosen, faces, folder, seeds, pacer=pacer),
            }
        figures["cpu_30fps_every_frame"] = measure_cpu(pipeline, spread, folder)
        figures |= {"smoother_params_at_0_5": vars(MoodSmoother(0.5).params), "load_average_1min": os.getloadavg()[0]}
    reference = figures["machine_reference"]["yunet_320x240_ms_p50"]
    for name in ("every_frame", "app"):
        frame_time = figures[name]["frame_time"]
        frame_time["ms_p50_over_yunet_320x240"] = frame_time["ms_p50"] / reference
        frame_time["ms_p95_over_yunet_320x240"] = frame_time["ms_p95"] / reference
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
