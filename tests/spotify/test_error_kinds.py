"""Every SpotifyError that Emotune's Spotify code raises names its kind with the one enum."""
from __future__ import annotations

import ast
from pathlib import Path

import emotune
from emotune.spotify.errors import RELINK_KINDS, UNAVAILABLE_KINDS, SpotifyErrorKind

PACKAGE = Path(emotune.__file__).parent
SOURCES = [*sorted((PACKAGE / "spotify").glob("*.py")), PACKAGE / "spotify" / "spotify_player.py"]


def test_every_spotify_error_is_raised_with_an_enum_kind() -> None:
    loose = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "SpotifyError":
                kind = next((k.value for k in node.keywords if k.arg == "kind"), None)
                if not (isinstance(kind, ast.Attribute) and getattr(kind.value, "id", "") == "SpotifyErrorKind"):
                    loose.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not loose, f"SpotifyError without kind=SpotifyErrorKind.…: {loose}"


def test_the_kinds_still_compare_equal_to_their_old_strings() -> None:
    assert SpotifyErrorKind.NEEDS_RELINK == "needs_relink" and "not_linked" in RELINK_KINDS
    assert SpotifyErrorKind.MISSING_PERMISSIONS in UNAVAILABLE_KINDS & RELINK_KINDS
    assert SpotifyErrorKind.UNAUTHORIZED not in UNAVAILABLE_KINDS | RELINK_KINDS
