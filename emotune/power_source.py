"""Whether this computer runs on battery, read where the OS tells it cheaply (Linux's sysfs).

The low-power setting can follow it: on battery the mood is read a few times a second instead of up to
ten. Elsewhere (no sysfs, a desktop without a battery) the answer is None and nothing changes.
"""
from __future__ import annotations

from pathlib import Path

POWER_SUPPLY_DIR = Path("/sys/class/power_supply")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


def on_battery(root: Path = POWER_SUPPLY_DIR) -> bool | None:
    """True while a battery discharges and no mains adapter is online; False on mains; None when the
    OS says nothing (no power-supply folder, or no battery: a desktop)."""
    try:
        supplies = sorted(root.iterdir())
    except OSError:
        return None
    kinds = [(_read(supply / "type"), supply) for supply in supplies]
    batteries = [supply for kind, supply in kinds if kind == "Battery"]
    if not batteries:
        return None
    if any(_read(supply / "online") == "1" for kind, supply in kinds if kind in ("Mains", "USB", "USB_C")):
        return False
    return any(_read(battery / "status") == "Discharging" for battery in batteries)
