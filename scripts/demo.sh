#!/usr/bin/env bash
# tracekit's main job on a fresh machine, start to finish:
#   install and build tracekit → tracekit backend install (Jaeger, cached) → copy an example service →
#   tracekit init → tracekit backend up (Jaeger as a local process, no Docker needed) →
#   start the service with tracing → tracekit doctor --app (finds the service's spans) → down.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "installing and building tracekit"
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build >/dev/null

tk() { node "$repo/bin/tracekit.js" "$@"; }

step "tracekit backend install --jaeger (Jaeger built from the Go module proxy once, then cached)"
tk backend install --jaeger

work="$(mktemp -d)"
svc="$work/greeter"
cp -r test/fixtures/node-http "$svc"
cd "$svc"
app_pid=""
cleanup() {
  # The service runs in its own session (setsid): stop npm and the node it started, together.
  [ -n "$app_pid" ] && kill -- "-$app_pid" 2>/dev/null || true
  (cd "$svc" && tk backend down >/dev/null 2>&1) || true
  rm -rf "$work"
}
trap cleanup EXIT

step "tracekit init (example service: plain node:http, copied to $svc)"
tk init --yes --service-name greeter

step "tracekit backend up --jaeger --runtime process"
tk backend up --jaeger --runtime process

port=3987
step "starting the service with tracing (npm start, the start script init wrote)"
PORT=$port setsid npm start >"$work/service.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

step "tracekit doctor --app http://127.0.0.1:$port/hello"
tk doctor --app "http://127.0.0.1:$port/hello"

step "done: Jaeger UI was at http://localhost:16686 (stopping everything now)"
