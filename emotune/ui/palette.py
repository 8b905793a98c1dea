"""The app's two colour palettes, dark and light, and which one the application shows now.

A palette is a value: widgets that paint themselves ask ``current_palette()`` in ``paintEvent``, so a
switch of theme (the system's scheme changed, or the user chose one) repaints them in the new colours.
The palette in force is a property of the application object, set by ``theme.apply_theme``; without one
(tests that never apply a theme) it is the dark palette, today's look.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from emotune.choices import ThemeChoice

SCHEME_PROPERTY = "emotunePalette"
"""Name of the application property that holds the name of the palette in force."""


class PaletteName(str, enum.Enum):
    DARK = "dark"
    LIGHT = "light"


@dataclass(frozen=True)
class Palette:
    """Every colour the style sheet, the painted widgets and the tinted icons use, as ``#RRGGBB``."""

    name: PaletteName
    background: str
    surface: str
    raised: str
    border: str
    text: str
    text_dim: str
    text_faint: str
    accent: str
    danger: str
    on_accent: str
    """Text and icons on an accent fill (checked buttons, the play button)."""
    accent_hover: str
    accent_soft: str
    """A checked tool button: the accent, faint."""
    selection: str
    """The selected table row."""
    hover: str
    pressed: str
    alternate_base: str
    control_border: str
    """Check box and radio outlines, and the placeholder note on the album tile."""
    scrollbar: str
    slider_handle: str
    tick: str
    """The raw-frame tick on the emotion bars."""
    on_mood: str
    """Track titles written on a mood-coloured timeline segment."""
    moods: Mapping[str, str]
    emotions: Mapping[str, str]

    @property
    def is_dark(self) -> bool:
        return self.name is PaletteName.DARK


DARK = Palette(
    name=PaletteName.DARK,
    background="#15171C", surface="#1C1F26", raised="#252932", border="#2E333D",
    text="#E6E8EC", text_dim="#9AA1AD", text_faint="#646B78",
    accent="#8B7BFF", danger="#E5484D", on_accent="#FFFFFF", accent_hover="#9B8DFF", accent_soft="#342F5C",
    selection="#3A3470", hover="#2F3440", pressed="#22262E", alternate_base="#20232B", control_border="#5A6170",
    scrollbar="#3A3F4B",
    slider_handle="#FFFFFF", tick="#FFFFFF", on_mood="#15171C",
    moods=MappingProxyType({
        "happy": "#F5C542", "energetic": "#FF8A4C", "calm": "#4FC3A1", "sad": "#5B8DEF", "angry": "#E5484D",
    }),
    emotions=MappingProxyType({
        "angry": "#E5484D", "disgust": "#8DB43E", "fear": "#A07BE0", "happy": "#F5C542", "sad": "#5B8DEF",
        "surprise": "#F08CC0", "neutral": "#9AA4B2",
    }),
)

LIGHT = Palette(
    name=PaletteName.LIGHT,
    background="#F2F3F6", surface="#FFFFFF", raised="#ECEEF2", border="#D5D9E0",
    text="#1B1E24", text_dim="#545B68", text_faint="#6F7683",
    accent="#6650E8", danger="#CC2F36", on_accent="#FFFFFF", accent_hover="#5640D8", accent_soft="#E4DFFF",
    selection="#DCD6FF", hover="#E2E5EB", pressed="#D8DCE3", alternate_base="#F7F8FA", control_border="#8A909C",
    scrollbar="#C3C8D1",
    slider_handle="#6650E8", tick="#1B1E24", on_mood="#FFFFFF",
    # Deeper hues than the dark palette's: each reads at 4.4:1 or better as text on white, and white
    # text reads as well on it.
    moods=MappingProxyType({
        "happy": "#A06E00", "energetic": "#C2530E", "calm": "#14806A", "sad": "#2F63D0", "angry": "#CC2F36",
    }),
    emotions=MappingProxyType({
        "angry": "#CC2F36", "disgust": "#4F7D14", "fear": "#7650C4", "happy": "#A06E00", "sad": "#2F63D0",
        "surprise": "#BE3F86", "neutral": "#66707F",
    }),
)

def palette_for(choice: ThemeChoice, system: Qt.ColorScheme) -> Palette:
    """The palette the user's choice asks for; following the system, an unknown scheme (offscreen, a
    desktop that does not say) reads as dark."""
    if choice is ThemeChoice.LIGHT or (choice is ThemeChoice.SYSTEM and system == Qt.ColorScheme.Light):
        return LIGHT
    return DARK


def current_palette() -> Palette:
    """The palette the application shows now (dark until a theme is applied)."""
    app = QGuiApplication.instance()
    name = app.property(SCHEME_PROPERTY) if app is not None else None
    return LIGHT if name == LIGHT.name.value else DARK
