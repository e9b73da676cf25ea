/**
 * The closed sets of values tracekit.yaml and the flags accept that belong to no language or
 * backend. Kept apart from the zod schema so commands can list them in --help without loading
 * zod at start-up. Languages and backends come from their registries.
 */

/** A language's id from the language registry (src/languages/registry.ts): node, python, go, ... */
export type LanguageId = string;
/** A backend's id from the backend registry (src/backends/registry.ts), or NO_BACKEND. */
export type BackendId = string;
/** tracekit.yaml's backend when traces go somewhere tracekit does not run or query. */
export const NO_BACKEND = 'none';

export const PROTOCOLS = ['http', 'grpc'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The sampler names that every OpenTelemetry SDK reads from OTEL_TRACES_SAMPLER. */
export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  // Jaeger remote sampling: the strategy comes from the backend's sampling endpoint.
  'jaeger_remote',
  'parentbased_jaeger_remote',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** The samplers that fetch their strategy from Jaeger; their ratio is the initial sampler's. */
export const REMOTE_SAMPLERS: readonly SamplerName[] = ['jaeger_remote', 'parentbased_jaeger_remote'];
export const isRemoteSampler = (name: string) => (REMOTE_SAMPLERS as readonly string[]).includes(name);

/** How Jaeger decides the strategies it serves: a file tracekit writes, or adaptive. */
export const SAMPLING_MODES = ['file', 'adaptive'] as const;
export type SamplingMode = (typeof SAMPLING_MODES)[number];

export const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi'] as const;
export const RUNTIMES = ['compose', 'process'] as const;
