#!/usr/bin/env bash
# Installs moto (a local AWS API emulator) into a Python venv in the user's cache, for the tests that run
# the Lambda remediation handlers against it (test/response/emulator.test.ts). Idempotent: a finished
# install is reused and this prints nothing. Prints the venv's path on a fresh install.
#
# MOTO_VERSION is pinned so every machine emulates the same AWS behaviour; tools/emulator/emulator.ts
# reads the same version from this file's MOTO_VERSION line, so change it only here.
set -euo pipefail

MOTO_VERSION=5.2.6

cache="${XDG_CACHE_HOME:-$HOME/.cache}/landing-zone/emulator"
venv="$cache/moto-$MOTO_VERSION"
# Written last, so an interrupted install is never mistaken for a finished one.
marker="$venv/.installed"

if [ -f "$marker" ] && [ -x "$venv/bin/moto_server" ]; then
    exit 0
fi

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
    echo "emulator: $python not found; install Python 3.9 or newer (or set PYTHON)" >&2
    exit 1
fi

mkdir -p "$cache"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "moto[server]==$MOTO_VERSION"
"$venv/bin/moto_server" --help >/dev/null
touch "$marker"
echo "emulator: moto $MOTO_VERSION installed in $venv"
