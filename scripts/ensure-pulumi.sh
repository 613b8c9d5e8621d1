#!/usr/bin/env bash
# Provides the real Pulumi engine, built from the Go module proxy, for the demo and the end-to-end
# tests. Usage: scripts/ensure-pulumi.sh   (no arguments; progress goes to stderr)
#
# Prints, on its last line of stdout, the directory to put on PATH. It holds:
#   pulumi                          the CLI, at the version of the installed @pulumi/pulumi
#   pulumi-language-nodejs          the Node.js language host (see "The language host" below)
#   pulumi-resource-pulumi-nodejs   the dynamic-provider plugin, shipped inside @pulumi/pulumi
# The build is cached under ${XDG_CACHE_HOME:-~/.cache}/pulumi-macie/engine/v<version>, so a
# machine builds it once (about 3.5 minutes on 2 cores from empty Go caches, including the
# downloads). A `pulumi` already on PATH at the same version, with a
# `pulumi-language-nodejs` beside it on PATH, is used as it is.
#
# Why not `go install`: pkg/go.mod carries `replace ... => ../sdk`, which `go install pkg@v`
# refuses, so the CLI is built from a small wrapper module that requires pkg and sdk at one
# version (plus pkg's non-local replace lines).
#
# The language host: its own module, github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3,
# is not served by the Go module proxy (403 for every version). Until v3.68.0 the host lived in
# the sdk module itself (github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs), which
# the proxy does serve, so that host is built instead. It only starts `node` on @pulumi/pulumi's
# own `cmd/run` (the installed, current SDK), and works with the newer CLI for up, preview,
# refresh, destroy and config. Override with PULUMI_MACIE_LANGHOST_VERSION.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "[ensure-pulumi] $*" >&2; }
fail() { log "error: $*"; exit 1; }

# The engine version follows the installed @pulumi/pulumi, so SDK and engine agree.
sdk_pkg="$repo/node_modules/@pulumi/pulumi/package.json"
[ -f "$sdk_pkg" ] || fail "node_modules/@pulumi/pulumi is missing: run 'npm ci' first"
command -v node >/dev/null 2>&1 || fail "node is not on PATH"
version=$(node -p "require(process.argv[1]).version" "$sdk_pkg")
langhost_version="${PULUMI_MACIE_LANGHOST_VERSION:-3.68.0}"
plugin="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -x "$plugin" ] || fail "$plugin is missing or not executable: reinstall @pulumi/pulumi ('npm ci')"

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-macie/engine"
out="$cache_root/v$version"
mkdir -p "$out"

version_of() { "$1" version 2>/dev/null | head -n1 | sed 's/^v//' || true; }
link_plugin() { ln -sfn "$plugin" "$out/pulumi-resource-pulumi-nodejs"; }
done_with() { link_plugin; log "$1"; echo "$out"; exit 0; }

# One build at a time per version: concurrent callers (a test run and the demo, say) wait here.
# (flock is util-linux; where it is missing, e.g. macOS, concurrent first builds are not guarded.)
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out.lock"
  if ! flock -n 9; then
    log "another build of pulumi v$version is running; waiting for it"
    flock 9
  fi
fi

# 1. A suitable pulumi already on PATH (not our own cache dir, which may be on PATH too).
if on_path=$(command -v pulumi 2>/dev/null); then
  real=$(readlink -f "$on_path")
  if [ "$(dirname "$real")" != "$(readlink -f "$out")" ] && [ "$(dirname "$on_path")" != "$out" ]; then
    have=$(version_of "$on_path")
    host=$(command -v pulumi-language-nodejs 2>/dev/null || true)
    if [ "$have" = "$version" ] && [ -n "$host" ]; then
      ln -sfn "$real" "$out/pulumi"
      ln -sfn "$(readlink -f "$host")" "$out/pulumi-language-nodejs"
      done_with "using pulumi $have from $(dirname "$on_path")"
    fi
    log "ignoring pulumi on PATH at $on_path (version '${have:-unknown}', language host: ${host:-none}); need v$version with pulumi-language-nodejs"
  fi
fi

# 2. A cached build.
if [ -x "$out/pulumi" ] && [ "$(version_of "$out/pulumi")" = "$version" ] && [ -x "$out/pulumi-language-nodejs" ]; then
  done_with "cached pulumi v$version in $out"
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null 2>&1 || fail "Go is not installed, and the Pulumi engine is built from Go modules. Install Go >= 1.25 (apt-get install golang, or https://go.dev/dl), then rerun."
proxy=$(go env GOPROXY)
[ "$proxy" != "off" ] || fail "GOPROXY is 'off': the engine is built from the Go module proxy"
modcache=$(go env GOMODCACHE)
log "building the Pulumi engine v$version into $out (once per machine; several minutes)"
log "Go $(go env GOVERSION), module proxy $proxy"

# go_step <label> <cmd...>: runs a go command, indenting its output; on failure, says what failed.
go_step() {
  local label=$1; shift
  if ! GOFLAGS=-mod=mod "$@" 2>&1 | sed -u 's/^/[go] /' >&2; then
    fail "$label failed (see the [go] lines above). Is the Go module proxy ($proxy) reachable?"
  fi
}
# go_build <output> <package>: compiles, printing a progress line every 100 packages.
go_build() {
  local output=$1 pkg=$2 ldflags=$3
  if ! go build -v -trimpath -ldflags "$ldflags" -o "$output.tmp" "$pkg" 2>&1 \
    | awk '/^#|\.go:[0-9]/ { print "[go] " $0; fflush(); next }
           { n++; if (n % 100 == 0) { printf "[ensure-pulumi]   %d packages compiled\n", n; fflush() } }
           END { printf "[ensure-pulumi]   %d packages compiled in all\n", n }' >&2; then
    fail "compiling $pkg failed (see the [go] lines above)"
  fi
  mv "$output.tmp" "$output"
}

# 3a. The CLI, from a wrapper module: pkg and sdk at the same version, plus pkg's non-local replaces.
build_cli() {
  local src="$out/src/cli"
  mkdir -p "$src"
  log "[1/4] fetching github.com/pulumi/pulumi/pkg/v3@v$version"
  ( cd "$src" && GOFLAGS=-mod=mod go mod download "github.com/pulumi/pulumi/pkg/v3@v$version" ) 2>&1 | sed 's/^/[go] /' >&2 \
    || fail "cannot fetch github.com/pulumi/pulumi/pkg/v3@v$version from $proxy. Check network access to the proxy, or pin @pulumi/pulumi to a version the proxy serves (it served up to 3.276.0 in December 2026)."
  local pkg_mod="$modcache/cache/download/github.com/pulumi/pulumi/pkg/v3/@v/v$version.mod"
  {
    printf 'module pulumi-macie.local/engine\n\n%s\n\n' "$(grep -m1 '^go ' "$pkg_mod")"
    printf 'require (\n\tgithub.com/pulumi/pulumi/pkg/v3 v%s\n\tgithub.com/pulumi/pulumi/sdk/v3 v%s\n)\n\n' "$version" "$version"
    grep '^replace ' "$pkg_mod" | grep -v '=> \.' || true
  } > "$src/go.mod"
  printf '//go:build tools\n\n// Package engine only pins the dependencies of the Pulumi CLI.\npackage engine\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' > "$src/tools.go"
  log "[2/4] resolving the CLI's modules (go mod tidy; this downloads a lot on a fresh machine)"
  ( cd "$src" && go_step "go mod tidy (CLI)" go mod tidy )
  log "[3/4] compiling github.com/pulumi/pulumi/pkg/v3/cmd/pulumi (about 1,700 packages)"
  ( cd "$src" && go_build "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" )
}

# 3b. The language host, from the last sdk/v3 release that contains it.
build_langhost() {
  local src="$out/src/langhost"
  mkdir -p "$src"
  log "[4/4] building pulumi-language-nodejs from github.com/pulumi/pulumi/sdk/v3@v$langhost_version (about 280 packages)"
  printf 'module pulumi-macie.local/langhost\n\ngo 1.20\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$langhost_version" > "$src/go.mod"
  printf '//go:build tools\n\n// Package langhost only pins the dependencies of the Node.js language host.\npackage langhost\n\nimport _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"\n' > "$src/tools.go"
  ( cd "$src" && go_step "go mod tidy (language host)" go mod tidy )
  ( cd "$src" && go_build "$out/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$langhost_version" )
}

[ "$(version_of "$out/pulumi")" = "$version" ] || build_cli
[ -x "$out/pulumi-language-nodejs" ] || build_langhost
[ "$(version_of "$out/pulumi")" = "$version" ] || fail "the built $out/pulumi does not report v$version"
done_with "built pulumi $("$out/pulumi" version) and pulumi-language-nodejs v$langhost_version in $out"
