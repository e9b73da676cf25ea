# The cache folder and the test-only components this script installs itself; sourced by the
# setup script and read by test/support/components.ts. Jaeger, the Collector and Zipkin are
# installed by `tracekit backend install`, whose versions and folders are in src/runtime/cache.ts.
# Kafka's jars come from Maven Central into KAFKA_DIR; RabbitMQ is Debian's rabbitmq-server
# package (apt-get; the distribution fixes its version, 3.10 on Debian 12).
TRACEKIT_CACHE="${TRACEKIT_CACHE:-$HOME/.cache/tracekit}"
NODE22_VERSION=22.23.3
NODE22_DIR="$TRACEKIT_CACHE/node-$NODE22_VERSION"
KAFKA_VERSION=4.1.1
KAFKA_DIR="$TRACEKIT_CACHE/kafka-$KAFKA_VERSION"
# Package managers of the workspace e2e test: pnpm from the npm registry, uv from PyPI (no installer scripts).
PNPM_VERSION=12.23.0
PNPM_DIR="$TRACEKIT_CACHE/pnpm-$PNPM_VERSION"
UV_VERSION=0.13.9
UV_DIR="$TRACEKIT_CACHE/uv-$UV_VERSION"
