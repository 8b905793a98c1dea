"""The demo library's pieces, heard blind (no tags, no folder names), come out in the moods they were written for."""
from __future__ import annotations

import shutil
from pathlib import Path

import mutagen
import pytest

from emotune.library.demo_library import generate_demo_library
from emotune.moods.mood_estimator import estimate_mood


@pytest.fixture(scope="module")
def blind_copies(tmp_path_factory) -> list[tuple[str, Path]]:
    """(intended mood, tag-less copy under a neutral name) for every demo piece."""
    source = tmp_path_factory.mktemp("demo")
    blind = tmp_path_factory.mktemp("blind")
    copies = []
    for number, path in enumerate(generate_demo_library(source, seconds=20.0)):
        copy = blind / f"track{number:02d}{path.suffix}"
        shutil.copyfile(path, copy)
        tagged = mutagen.File(copy)
        tagged.delete()
        if hasattr(tagged, "clear_pictures"):
            tagged.clear_pictures()
            tagged.save()
        copies.append((path.parent.name, copy))
    return copies


def test_copies_carry_no_tags(blind_copies):
    assert len(blind_copies) >= 12
    for _, copy in blind_copies:
        tags = mutagen.File(copy).tags
        assert not tags or not list(tags.keys())


def test_every_demo_piece_is_estimated_in_its_intended_mood(blind_copies):
    results = {copy.name: (intended, estimate_mood(copy).mood) for intended, copy in blind_copies}
    wrong = {name: pair for name, pair in results.items() if pair[0] != pair[1]}
    assert not wrong, f"(intended, estimated) per file: {wrong}"
    assert {"happy", "sad", "calm", "energetic"} <= {intended for intended, _ in results.values()}
