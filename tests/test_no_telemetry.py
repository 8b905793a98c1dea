"""Nothing of the user's is written outside Emotune's own folders: no onnxruntime telemetry.

The pipeline runs in a fresh interpreter whose HOME, XDG dirs and TMPDIR all lie in one temporary
folder, with ORT_DISABLE_TELEMETRY (and the CI markers onnxruntime honours) taken out of its
environment, so only emotune itself can turn the telemetry off. The control run shows that the
folder does catch onnxruntime's writes.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN_THE_PIPELINE = """
import numpy as np
from emotune.inference.pipeline import Pipeline

pipeline = Pipeline()
pipeline.process(np.full((480, 640, 3), 128, np.uint8), 0.0)
print(pipeline.classifier.predict(np.zeros((48, 48), np.uint8)).shape)
"""

IMPORT_ONNXRUNTIME_ALONE = "import onnxruntime"

CI_MARKERS = ("CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL",
              "CODEBUILD_BUILD_ID", "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR", "BITBUCKET_BUILD_NUMBER",
              "ORT_RUNNING_UNIT_TESTS")
"""onnxruntime 1.32 sends nothing where one of these is set (they are in its library's strings): taken
out, so that the check means on a CI machine what it means on a user's."""


def run_in_fresh_home(root: Path, code: str) -> list[Path]:
    """Run ``code`` with every per-user folder inside ``root``; the files it left outside EMOTUNE_HOME."""
    home, emotune_home = root / "home", root / "home" / "emotune"
    env = {key: value for key, value in os.environ.items()
           if key != "ORT_DISABLE_TELEMETRY" and key not in CI_MARKERS and not key.startswith("XDG_")}
    env.update(HOME=str(home), EMOTUNE_HOME=str(emotune_home), TMPDIR=str(root / "tmp"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"), XDG_STATE_HOME=str(home / ".local" / "state"),
               XDG_RUNTIME_DIR=str(root / "runtime"))
    for folder in (home, root / "tmp", root / "runtime"):
        folder.mkdir(parents=True)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return sorted(path for path in root.rglob("*")
                  if not path.is_dir() and emotune_home not in path.parents)


def test_the_pipeline_leaves_nothing_outside_emotunes_folders(tmp_path) -> None:
    assert run_in_fresh_home(tmp_path, RUN_THE_PIPELINE) == []


def test_onnxruntime_alone_would_write_telemetry_there(tmp_path) -> None:
    """Control: without emotune, onnxruntime 1.32 writes its device ID into that same home."""
    import onnxruntime

    if tuple(int(part) for part in onnxruntime.__version__.split(".")[:2]) < (1, 32):
        pytest.skip(f"onnxruntime {onnxruntime.__version__} (the last for Python 3.10 is 1.23) writes nothing "
                    "on import: there is nothing for the control to catch")
    left = run_in_fresh_home(tmp_path, IMPORT_ONNXRUNTIME_ALONE)
    assert any(".onnxruntime" in path.parts for path in left), left
