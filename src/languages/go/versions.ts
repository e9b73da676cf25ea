/**
 * The Go modules the generated tracing package imports, pinned to the versions the e2e tests
 * (test/e2e/go-*.test.ts) installed from the Go module proxy and ran together against Jaeger.
 * An upgrade is one edit here and one test run.
 */

const OTEL = 'v1.47.0';
const CONTRIB = 'v0.72.0';

export const GO_MODULES = {
  otel: { path: 'go.opentelemetry.io/otel', version: OTEL },
  sdk: { path: 'go.opentelemetry.io/otel/sdk', version: OTEL },
  trace: { path: 'go.opentelemetry.io/otel/trace', version: OTEL },
  otlpHttp: { path: 'go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp', version: OTEL },
  otlpGrpc: { path: 'go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc', version: OTEL },
  autoprop: { path: 'go.opentelemetry.io/contrib/propagators/autoprop', version: CONTRIB },
  b3: { path: 'go.opentelemetry.io/contrib/propagators/b3', version: OTEL },
  otelhttp: { path: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', version: CONTRIB },
  otelgrpc: { path: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', version: CONTRIB },
  otelsql: { path: 'github.com/XSAM/otelsql', version: 'v0.44.0' },
} as const;

export type GoModuleId = keyof typeof GO_MODULES;

/** The semantic conventions package that otel v1.47.0 ships and its SDK uses. */
export const SEMCONV_IMPORT = 'go.opentelemetry.io/otel/semconv/v1.43.0';

/** otel v1.47.0 and contrib v0.72.0 declare `go 1.26.0` in their go.mod files. */
export const MIN_GO_VERSION = '1.26';
