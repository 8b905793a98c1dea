#!/usr/bin/env bash
# Sets up everything Emotune needs on this machine, idempotently:
#   1. system libraries: libVLC (playback) and the few libraries Qt needs, through apt on
#      Debian/Ubuntu when run as root or with sudo; elsewhere it names what to install and stops;
#   2. a virtual environment in .venv with Emotune and its Python dependencies.
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PYTHON="${PYTHON:-python3}"

apt_packages=(libvlc5 vlc-plugin-base libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
              libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
              libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0)
# The tests start a private session bus (dbus-daemon) for MPRIS and the track notifications.
case ",$extras," in *,test,*) apt_packages+=(dbus) ;; esac

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "Emotune needs Python 3.10 or newer; $PYTHON is $("$PYTHON" --version 2>&1 || echo missing)." >&2
    echo "Run again with PYTHON=/path/to/python3.10 (or newer) in front of the command." >&2
    exit 1
fi
# Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a package of its own.
"$PYTHON" -c 'import ensurepip' 2>/dev/null || apt_packages+=(python3-venv)

missing_system_packages() {
    local missing=()
    for package in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    echo "${missing[@]:-}"
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing="$(missing_system_packages)"
    if [ -n "$missing" ]; then
        if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
            echo "Emotune needs these system packages: $missing" >&2
            echo "Install them with:  sudo apt-get install -y $missing" >&2
            exit 1
        fi
        echo "Installing system packages: $missing"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
elif [ "$(uname -s)" = Darwin ] && [ ! -d /Applications/VLC.app ]; then
    echo "Emotune plays audio through VLC. Install it with:  brew install --cask vlc" >&2
fi

if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then  # none yet, or half made (no pip)
    echo "Creating virtual environment .venv"
    rm -rf .venv
    "$PYTHON" -m venv .venv
fi
spec="."
[ -n "$extras" ] && spec=".[${extras}]"
stamp=".venv/.emotune-installed-$(cksum < pyproject.toml | cut -d" " -f1)-${extras:-app}"  # cksum: POSIX, on macOS too
if [ ! -f "$stamp" ]; then
    echo "Installing Emotune ($spec) into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
    touch "$stamp"
fi
