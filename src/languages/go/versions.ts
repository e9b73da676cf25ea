/**
 * The Go modules the generated tracing package imports, pinned as sets: each set is one
 * OpenTelemetry Go release with the contrib release paired with it, the otelsql release built
 * on it, and the semantic conventions package that release ships. A set is chosen by the go
 * directive of the service's go.mod (the newest set whose go line it meets), so a module is
 * never moved to a newer Go. Each set was installed with `go get` into a module declaring its
 * go line, built and vetted with GOTOOLCHAIN=local, and left the go line as it was
 * (test/e2e/go-lines.test.ts runs the oldest and the go 1.25 set against Jaeger).
 * An upgrade is one edit here and one test run.
 */
export interface GoOtelSet {
  /** The oldest go directive the set builds with (every module in it declares at most this). */
  goLine: string;
  otel: string;
  contrib: string;
  otelsql: string;
  /** The semconv package of this otel release that has every name the templates use. */
  semconv: string;
  /** contrib's samplers/jaegerremote, versioned apart from contrib: the release built on this otel. */
  jaegerremote: string;
  /** net/http's Request.Pattern (Go 1.23): route names read it, older lines ask the mux. */
  requestPattern: boolean;
}

/** Newest first. otel declares go 1.26 from v1.47, 1.25 from v1.42, 1.24 from v1.39, 1.23 from v1.36. */
export const GO_OTEL_SETS: readonly GoOtelSet[] = [
  {
    goLine: '1.26',
    otel: 'v1.47.0',
    contrib: 'v0.72.0',
    otelsql: 'v0.44.0',
    semconv: 'v1.43.0',
    jaegerremote: 'v0.38.0',
    requestPattern: true,
  },
  {
    goLine: '1.25',
    otel: 'v1.46.0',
    contrib: 'v0.71.0',
    otelsql: 'v0.44.0',
    semconv: 'v1.43.0',
    jaegerremote: 'v0.37.3',
    requestPattern: true,
  },
  {
    goLine: '1.24',
    otel: 'v1.41.0',
    contrib: 'v0.66.0',
    otelsql: 'v0.41.0',
    semconv: 'v1.39.0',
    jaegerremote: 'v0.35.0',
    requestPattern: true,
  },
  {
    goLine: '1.23',
    otel: 'v1.38.0',
    contrib: 'v0.63.0',
    otelsql: 'v0.40.0',
    semconv: 'v1.37.0',
    jaegerremote: 'v0.32.0',
    requestPattern: true,
  },
  {
    goLine: '1.22',
    otel: 'v1.35.0',
    contrib: 'v0.60.0',
    otelsql: 'v0.37.0',
    semconv: 'v1.30.0',
    jaegerremote: 'v0.29.0',
    requestPattern: false,
  },
];

/** The newest set, for modules already on its go line. */
export const NEWEST_GO_SET = GO_OTEL_SETS[0]!;
/** The oldest set: a go directive older than its line is refused. */
export const OLDEST_GO_SET = GO_OTEL_SETS[GO_OTEL_SETS.length - 1]!;

const MODULE_PATHS = {
  otel: 'go.opentelemetry.io/otel',
  sdk: 'go.opentelemetry.io/otel/sdk',
  trace: 'go.opentelemetry.io/otel/trace',
  otlpHttp: 'go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp',
  otlpGrpc: 'go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc',
  autoprop: 'go.opentelemetry.io/contrib/propagators/autoprop',
  // contrib's b3 propagator is versioned with otel (v1.x), not with the rest of contrib (v0.x).
  b3: 'go.opentelemetry.io/contrib/propagators/b3',
  otelhttp: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp',
  otelgrpc: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc',
  otelsql: 'github.com/XSAM/otelsql',
  jaegerremote: 'go.opentelemetry.io/contrib/samplers/jaegerremote',
} as const;

export type GoModuleId = keyof typeof MODULE_PATHS;

/** Each module of a set with its pinned version. */
export function goModules(set: GoOtelSet): Record<GoModuleId, { path: string; version: string }> {
  const version = (id: GoModuleId) => {
    if (id === 'otelsql') return set.otelsql;
    if (id === 'jaegerremote') return set.jaegerremote;
    if (id === 'autoprop' || id === 'otelhttp' || id === 'otelgrpc') return set.contrib;
    return set.otel;
  };
  const ids = Object.keys(MODULE_PATHS) as GoModuleId[];
  return Object.fromEntries(ids.map((id) => [id, { path: MODULE_PATHS[id], version: version(id) }])) as Record<
    GoModuleId,
    { path: string; version: string }
  >;
}

/** The newest set's modules, for code that does not depend on the service's go line. */
export const GO_MODULES = goModules(NEWEST_GO_SET);

/** The semconv import path of a set. */
export const semconvImport = (set: GoOtelSet) => `go.opentelemetry.io/otel/semconv/${set.semconv}`;

/** The go line (major.minor) under which no set builds. */
export const MIN_GO_VERSION = OLDEST_GO_SET.goLine;
