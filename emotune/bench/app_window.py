"""The real window for the GUI benchmarks, built as ``run_app`` builds it: one place, so that every
benchmark measures the same app (the two-deck player, the theme, the library, GUI-thread collection, ``gc.freeze``)."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def open_window(library: Path | None, player_name: str, settings_values: dict[str, Any] | None = None,
                **services: Any):
    """(QApplication, MainWindow, Services) over ``library`` (default: a generated demo library), playing
    through the app's two decks of ``player_name`` ("vlc" with dummy audio, or "null"); ``services`` go to
    ``build_services``. Call it with EMOTUNE_HOME already pointing where the bench may write."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # Xvfb or a desktop when one is set
    from PySide6.QtWidgets import QApplication

    from emotune.app import build_services
    from emotune.paths import config_dir, data_dir
    from emotune.player.crossfade_player import CrossfadePlayer
    from emotune.player.factory import create_player
    from emotune.settings import Settings, UiState
    from emotune.ui.gui_thread_collector import GuiThreadCollector
    from emotune.ui.main_window import MainWindow
    from emotune.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    GuiThreadCollector(parent=app).start()
    apply_theme(app)
    if library is None:
        library = data_dir() / "bench-demo-library"
        if not library.exists():  # in a child, as a user's library exists before the app starts
            subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                            "from emotune.library.demo_library import generate_demo_library; "
                            "generate_demo_library(Path(sys.argv[1]), seconds=20.0)", str(library)], check=True)
    settings = Settings(config_dir() / "settings.json")
    settings.set("library_folders", [str(library.resolve())])
    for name, value in (settings_values or {}).items():
        settings.set(name, value)
    deck = create_player(player_name, **({"vlc_args": ["--aout=dummy"]} if player_name == "vlc" else {}))
    built = build_services(settings, UiState(config_dir() / "ui_state.json"),
                           player=CrossfadePlayer((deck, deck.twin())), with_spotify=False, **services)
    window = MainWindow(built)
    window.show()
    gc.freeze()  # as run_app does
    return app, window, built
