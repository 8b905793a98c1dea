"""Emotune: a desktop music player that follows the listener's mood.

Importing the package turns onnxruntime's telemetry off for the whole process (and its children).
onnxruntime 1.32 writes a device ID and queued events under ``~/.cache/Microsoft/`` as soon as it is
imported, unless ``ORT_DISABLE_TELEMETRY=1`` is in the environment by then; every entry point (app,
CLI, benchmarks, training, tests) imports this package before anything that imports onnxruntime.
Set, not defaulted: what the camera sees stays on the machine, whatever the environment says.
"""
import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"
