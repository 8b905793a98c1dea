"""A private D-Bus session bus for the tests, and the desktop's side of the conversation on it.

``start_session_bus`` runs a real ``dbus-daemon`` on a socket in a temporary folder, with no service
files, so nothing installed on the machine can be started on it. ``DesktopSide`` calls and watches
as desktop tools do, with ``dbus-send`` and ``dbus-monitor`` (both in the ``dbus`` package): they type
every argument (int64, object paths), and their output reads back the types that went over the wire,
which PySide6's own D-Bus classes can neither write nor read from Python.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
TOOLS = ("dbus-daemon", "dbus-send", "dbus-monitor")
PROPERTIES = "org.freedesktop.DBus.Properties"


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def start_session_bus(folder: Path) -> tuple[subprocess.Popen, str]:
    """Start ``dbus-daemon`` for a session bus in ``folder``; returns the process and the bus address."""
    config = folder / "session.conf"
    config.write_text(CONFIG.format(folder=folder), encoding="utf-8")
    process = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = process.stdout.readline().strip()
    if not address:
        process.kill()
        raise RuntimeError("dbus-daemon printed no address")
    return process, address


# -- reading what dbus-send and dbus-monitor print ------------------------------------------
_BASIC = re.compile(r'^(string|object path|signature) "(.*)"$|^(u?int(?:16|32|64)|byte) (-?\d+)$'
                    r'|^(double) (\S+)$|^(boolean) (true|false)$')
HEADER = re.compile(r"^(signal|method call|method return|error) ")


class _Entry(tuple):
    """A dict entry while parsing; arrays of them become dicts."""


def parse_values(lines: list[str]) -> list:
    """The values in dbus-send's ``--print-reply`` (or dbus-monitor's) layout, as plain Python:
    variants opened, ``a{..}`` as dicts, other arrays as lists, structs as tuples. Strings of one
    line only: dbus-send does not quote the ones that run over several (read those raw)."""
    stack: list[list] = [[]]
    kinds: list[str] = ["top"]
    for raw in lines:
        line = raw.strip()
        while line.startswith("variant"):  # a variant prints its content on the same line
            line = line[len("variant"):].strip()
        if not line:
            continue
        if line in ("array [", "dict entry(", "struct {"):
            stack.append([])
            kinds.append(line)
            continue
        if line in ("]", ")", "}"):
            items, kind = stack.pop(), kinds.pop()
            if kind == "array [":
                value = dict(items) if items and all(isinstance(item, _Entry) for item in items) else items
            elif kind == "dict entry(":
                value = _Entry(items)
            else:
                value = tuple(items)
            stack[-1].append(value)
            continue
        match = _BASIC.match(line)
        if match is None:
            raise ValueError(f"cannot read {raw!r}")
        if match[1]:
            stack[-1].append(match[2])
        elif match[3]:
            stack[-1].append(int(match[4]))
        elif match[5]:
            stack[-1].append(float(match[6]))
        else:
            stack[-1].append(match[8] == "true")
    if len(stack) > 1:
        raise ValueError(f"{kinds[-1]!r} is not closed")
    return stack[0]


class DesktopSide:
    """Calls and signals on the bus at ``address``, from processes of their own.

    ``wait_until`` spins the Qt event loop (``qtbot.waitUntil``): the app answers in the test's thread."""

    def __init__(self, address: str, wait_until: Callable[..., None]) -> None:
        self.address = address
        self.wait_until = wait_until
        self._monitors: list[tuple[subprocess.Popen, Path]] = []

    def send(self, destination: str, path: str, member: str, *arguments: str) -> str:
        """``dbus-send --print-reply``: the reply as printed, with the types of its values."""
        process = subprocess.Popen(["dbus-send", f"--bus={self.address}", "--print-reply", f"--dest={destination}",
                                    path, member, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        self.wait_until(lambda: process.poll() is not None, timeout=10000)
        out, err = process.communicate()
        assert process.returncode == 0, f"{member}: {err.strip()}"
        return out.split("\n", 1)[1]  # after the "method return …" line

    def call(self, destination: str, path: str, member: str, *arguments: str) -> list:
        """The reply's values, as ``parse_values`` reads them."""
        return parse_values(self.send(destination, path, member, *arguments).splitlines())

    def name_has_owner(self, name: str) -> bool:
        return self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                         f"string:{name}")[0]

    def get(self, destination: str, path: str, interface: str, name: str):
        return self.call(destination, path, f"{PROPERTIES}.Get", f"string:{interface}", f"string:{name}")[0]

    def get_all(self, destination: str, path: str, interface: str) -> dict:
        return self.call(destination, path, f"{PROPERTIES}.GetAll", f"string:{interface}")[0]

    def monitor(self, folder: Path, match: str) -> Path:
        """Run ``dbus-monitor`` for ``match`` into a file in ``folder``, ready once this returns."""
        output = folder / f"monitor-{len(self._monitors)}.txt"
        handle = output.open("w", encoding="utf-8")
        process = subprocess.Popen(["dbus-monitor", "--address", self.address, match], stdout=handle,
                                   stderr=subprocess.DEVNULL)
        handle.close()
        self._monitors.append((process, output))
        self.wait_until(lambda: "NameAcquired" in output.read_text(encoding="utf-8"), timeout=10000)
        return output

    @staticmethod
    def signals(output: Path, member: str) -> list[list]:
        """The arguments of each signal named ``member`` that the monitor wrote to ``output`` (the
        last one only once it is there in full: the monitor may be writing it as this reads)."""
        found, current, lines = [], None, []
        for line in [*output.read_text(encoding="utf-8").splitlines(), "signal end"]:
            if HEADER.match(line):
                if current == member:
                    try:
                        found.append(parse_values(lines))
                    except ValueError:
                        pass
                current = re.search(r"member=(\S+)", line)[1] if line.startswith("signal ") and \
                    "member=" in line else None
                lines = []
            elif current is not None:
                lines.append(line)
        return found

    def close(self) -> None:
        for process, _ in self._monitors:
            process.terminate()
            process.wait(timeout=10)
