#!/usr/bin/env bash
# `npm run test:fresh`: from a fresh clone to a passing test run in one command. Installs
# tracekit's dependencies, the real components the end-to-end tests run (through
# scripts/setup-test-env.sh, i.e. `tracekit backend install`), then runs `npm test` with any
# arguments given. Safe to re-run: everything installed is cached and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${TRACEKIT_CACHE:-$HOME/.cache/tracekit}"

cat >&2 <<PLAN
== tracekit's tests on this machine: install what they need, then run them (npm test)
It installs, once (later runs reuse all of it):
  1. tracekit's npm dependencies (npm ci, about 1 minute)
  2. into $cache (TRACEKIT_CACHE moves it), with \`tracekit backend install\`:
     Jaeger v2 built with Go and the OpenTelemetry Collector built with the collector builder
     (each about 5-12 minutes the first time), Zipkin's server jar from Maven Central (about 1 minute)
  3. Node.js 22 from the npm registry (about 30 s), for the OpenTelemetry JS 3.x tests; Kafka's
     jars from Maven Central (about 30 s) and Debian's rabbitmq-server with apt-get (about 30 s),
     the real brokers of the message-queue tests
  4. while the tests run: the sample services' packages from npm, PyPI and the Go module proxy
     (into npm's, pip's and Go's own caches)
First run: about 15-25 minutes of builds and downloads, then the tests (about 20-30 minutes on
2 cores). Later runs: the tests alone.
Needs: Node.js 20.6+, Go 1.26+, Java 17+, Maven, Python 3.10+ with venv, and network access to those registries.
PLAN

missing=()
for tool in node npm go java mvn python3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  printf '✖ missing on PATH: %s\n' "${missing[*]}" >&2
  printf '  hint: install them (Debian/Ubuntu: apt-get install golang openjdk-17-jre-headless maven python3-venv;\n' >&2
  printf '  Go 1.26+ from https://go.dev/dl/ when the distribution has an older one), then run this again.\n' >&2
  exit 2
fi

started=$SECONDS
step() {
  local s=$((SECONDS - started))
  printf '\n== %s (%dm%02ds so far)\n' "$*" $((s / 60)) $((s % 60)) >&2
}

step "1/3 npm ci"
npm ci --no-audit --no-fund
step "2/3 the test components (bash scripts/setup-test-env.sh)"
bash scripts/setup-test-env.sh
step "3/3 npm test"
status=0
npm test -- "$@" || status=$?
step "finished with exit code $status"
exit "$status"
