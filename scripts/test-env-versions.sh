# Versions and cache locations of the test components; sourced by the setup script and
# read by test/support (through the same variable names) so both agree on one place.
TRACEKIT_CACHE="${TRACEKIT_CACHE:-$HOME/.cache/tracekit}"
JAEGER_MODULE_VERSION=v1.76.0   # Jaeger 2.13; later 2.x are not published as Go modules
COLLECTOR_VERSION=v0.161.0      # core and contrib modules resolve together at this release
COLLECTOR_BUILD_REV=2           # bump when scripts/collector-builder.yaml changes: a new cache folder
ZIPKIN_VERSION=3.5.1
NODE22_VERSION=22.23.3
JAEGER_DIR="$TRACEKIT_CACHE/jaeger-$JAEGER_MODULE_VERSION"
COLLECTOR_DIR="$TRACEKIT_CACHE/otelcol-$COLLECTOR_VERSION-r$COLLECTOR_BUILD_REV"
ZIPKIN_DIR="$TRACEKIT_CACHE/zipkin-$ZIPKIN_VERSION"
NODE22_DIR="$TRACEKIT_CACHE/node-$NODE22_VERSION"
