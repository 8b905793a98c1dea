#!/usr/bin/env bash
# Runs the whole suite headless, on every core (pytest-xdist; EMOTUNE_TEST_WORKERS=0 runs it in this
# process, e.g. for a debugger). pytest's exit code 5 ("no tests collected") is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export EMOTUNE_HOME="${EMOTUNE_HOME:-$(mktemp -d)}"
.venv/bin/python -m pytest -p no:cacheprovider -n "${EMOTUNE_TEST_WORKERS:-auto}" "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: failing on purpose" >&2
    exit 1
fi
exit "$status"
