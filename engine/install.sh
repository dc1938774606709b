#!/usr/bin/env bash
# Installs the engine toolchain: the Pulumi CLI and a Node.js language host, at the release pinned in
# engine/go.mod. Prints the directory that holds both (put it first on PATH) as its last line.
#
# - A `pulumi` already on PATH is used when its version is the pinned one or newer, with the
#   `pulumi-language-nodejs` beside it (or on PATH); otherwise both are built from their Go modules.
# - Builds go to a cache keyed by the release and a hash of engine/'s sources, and are reused:
#   ${LANDING_ZONE_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/landing-zone/engine}/<key>/bin
# - Progress goes to stderr; nothing is printed to stdout but the directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"

pinned="$(sed -n 's/^[[:space:]]*github.com\/pulumi\/pulumi\/pkg\/v3 \(v[0-9.]*\).*/\1/p' "$here/go.mod" | head -1)"
[ -n "$pinned" ] || { echo "engine/go.mod pins no github.com/pulumi/pulumi/pkg/v3 release" >&2; exit 2; }

# The SDK the program runs with: the engine must not be older than it.
sdk="v$(node -p "require('$repo/package-lock.json').packages['node_modules/@pulumi/pulumi'].version")"

version_ge() { [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -1)" = "${2#v}" ]; }
version_ge "$pinned" "$sdk" || { echo "engine/go.mod pins pulumi $pinned, older than the SDK $sdk in package-lock.json: pin $sdk or newer" >&2; exit 2; }

# 1. A CLI on PATH that fits.
if [ -z "${LANDING_ZONE_ENGINE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
    onpath="$(pulumi version 2>/dev/null | tr -d '[:space:]')"
    bindir="$(dirname "$(command -v pulumi)")"
    if version_ge "$onpath" "$pinned" && { [ -x "$bindir/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1; }; then
        echo "engine: using pulumi $onpath from $bindir" >&2
        echo "$bindir"
        exit 0
    fi
    echo "engine: pulumi $onpath on PATH does not fit (want $pinned or newer, with pulumi-language-nodejs); building $pinned" >&2
fi

# 2. The cache, keyed by the release and engine/'s sources.
sources_hash="$(cat "$here/go.mod" "$here/go.sum" "$here"/pulumi-language-nodejs/*.go | sha256sum | cut -c1-12)"
cache_root="${LANDING_ZONE_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/landing-zone/engine}"
bindir="$cache_root/$pinned-$sources_hash/bin"
if [ -x "$bindir/pulumi" ] && [ -x "$bindir/pulumi-language-nodejs" ]; then
    echo "engine: cached pulumi $pinned in $bindir" >&2
    echo "$bindir"
    exit 0
fi

command -v go >/dev/null 2>&1 || { echo "engine: building pulumi $pinned needs Go (go1.26.6 or newer) on PATH" >&2; exit 2; }
echo "engine: building pulumi $pinned and the Node.js language host (a cold build takes several minutes)" >&2
started=$(date +%s)
tmp="$bindir.tmp.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pinned"
(
    cd "$here"
    go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    go build -mod=readonly -trimpath -ldflags "-s -w -X main.version=$pinned" -o "$tmp/pulumi-language-nodejs" ./pulumi-language-nodejs
) >&2
rm -rf "$bindir"
mv "$tmp" "$bindir"
trap - EXIT
echo "engine: built in $(($(date +%s) - started)) s into $bindir" >&2
echo "$bindir"
