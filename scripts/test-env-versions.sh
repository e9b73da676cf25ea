# The cache folder and the test-only components this script installs itself; sourced by the
# setup script and read by test/support/components.ts. Jaeger, the Collector and Zipkin are
# installed by `tracekit backend install`, whose versions and folders are in src/runtime/cache.ts.
TRACEKIT_CACHE="${TRACEKIT_CACHE:-$HOME/.cache/tracekit}"
NODE22_VERSION=22.23.3
NODE22_DIR="$TRACEKIT_CACHE/node-$NODE22_VERSION"
