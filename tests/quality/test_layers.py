"""Imports run one way, from higher layers to lower ones: a walk of every import in the package.

The order, lowest first (a module may import its own layer and any layer below it):

    errors, mood_space, paths, choices, logging_setup, settings,   the shared vocabulary
    free_memory, wording, power_source
    library, inference, player                                     plain parts
    spotify                                                        Spotify's client, login and player
    moods                                                          the DJs, policy, music table
    ui                                                             Qt widgets and thin workers
    app                                                            the composition root
    bench, cli, __main__, training                                 entry points
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "emotune"
LAYERS: list[set[str]] = [
    {"errors", "mood_space", "paths", "choices", "logging_setup", "settings", "free_memory", "wording", "power_source", "__init__"},
    {"library", "inference", "player"},
    {"spotify"},
    {"moods"},
    {"ui"},
    {"app"},
    {"bench", "cli", "__main__", "training"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _unit(module: str) -> str:
    """The layer unit of a dotted module name: emotune.moods.mood_dj -> moods."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imported(node: ast.ImportFrom, parts: tuple[str, ...]) -> list[str]:
    """The modules a ``from … import …`` reaches: relative ones resolved against the importing module,
    and ``from emotune import ui`` (or ``from . import x``) read as importing the named units."""
    base = node.module or ""
    if node.level:
        base = ".".join(parts[:len(parts) - node.level] + ((node.module,) if node.module else ()))
    if node.module is None or base == "emotune":
        folder = PACKAGE.parent.joinpath(*base.split("."))
        return [f"{base}.{alias.name}" if (folder / alias.name).is_dir() or (folder / f"{alias.name}.py").exists()
                else base for alias in node.names]  # a module, or a name defined in the package itself
    return [base]


def upward_imports() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        own = _unit(".".join(relative.parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = _imported(node, relative.parts)
            else:
                continue
            for name in names:
                if name.split(".")[0] == "emotune" and RANK[_unit(name)] > RANK[own]:
                    found.append(f"{relative}:{node.lineno} imports {name}")
    return found


def test_every_unit_has_a_layer():
    units = {_unit(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)) for path in PACKAGE.rglob("*.py")}
    assert units <= set(RANK), units - set(RANK)


def test_no_import_runs_back_up_the_layers():
    assert upward_imports() == []
