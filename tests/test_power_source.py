"""Battery or mains, read from a power-supply folder laid out as Linux's /sys/class/power_supply."""
from pathlib import Path

from emotune.power_source import on_battery


def _supply(root: Path, name: str, **files: str) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    for key, value in files.items():
        (folder / key).write_text(value + "\n")


def test_a_discharging_battery_without_mains_is_battery(tmp_path):
    _supply(tmp_path, "AC", type="Mains", online="0")
    _supply(tmp_path, "BAT0", type="Battery", status="Discharging")
    assert on_battery(tmp_path) is True


def test_mains_online_is_not_battery_even_while_the_battery_reads_discharging(tmp_path):
    _supply(tmp_path, "ADP1", type="Mains", online="1")
    _supply(tmp_path, "BAT0", type="Battery", status="Discharging")
    assert on_battery(tmp_path) is False


def test_a_charging_or_full_battery_is_not_battery(tmp_path):
    _supply(tmp_path, "BAT1", type="Battery", status="Full")
    assert on_battery(tmp_path) is False


def test_no_battery_or_no_folder_says_nothing(tmp_path):
    _supply(tmp_path, "AC", type="Mains", online="1")
    assert on_battery(tmp_path) is None
    assert on_battery(tmp_path / "absent") is None
