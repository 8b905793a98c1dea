"""Qt stays in emotune/ui/ (and in the entry points that start the window: the composition root and
the GUI benchmarks, which import it only inside the functions that do): everything else is plain
Python that tests and tools use without a display."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "emotune"
ENTRY_POINTS = [PACKAGE / "app.py", *sorted((PACKAGE / "bench").glob("*.py"))]


def _imports_qt(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") for name in names):
            return True
    return False


def test_only_the_ui_package_imports_qt():
    offenders = [str(path.relative_to(PACKAGE.parent)) for path in PACKAGE.rglob("*.py")
                 if PACKAGE / "ui" not in path.parents and path not in ENTRY_POINTS and _imports_qt(path)]
    assert offenders == []


def test_entry_points_import_qt_only_when_the_window_starts():
    for path in ENTRY_POINTS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        assert not any(_imports_qt_node(node) for node in top_level), path.name


def _imports_qt_node(node) -> bool:
    names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    return any(name.split(".")[0] == "PySide6" or name.startswith("emotune.ui") for name in names)
