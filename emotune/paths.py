"""Where Emotune keeps its files, from platformdirs, overridable with ``EMOTUNE_HOME`` for tests."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Emotune"
PACKAGE_ROOT = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_ROOT.parent / "models"


def _base(kind: str) -> Path:
    override = os.environ.get("EMOTUNE_HOME")
    if override:
        return Path(override) / kind
    getter = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "state": platformdirs.user_state_dir,
    }[kind]
    return Path(getter(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _base("config")


def data_dir() -> Path:
    return _base("data")


def log_dir() -> Path:
    return _base("state") / "logs"


def music_dir() -> Path:
    return Path(platformdirs.user_music_dir())


def model_path(name: str) -> Path:
    """A shipped model file. Models live in the repository's ``models/`` and are never downloaded."""
    packaged = PACKAGE_ROOT / "models" / name
    return packaged if packaged.exists() else MODELS_DIR / name
