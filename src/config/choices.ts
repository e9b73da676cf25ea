/**
 * The closed sets of values tracekit.yaml and the flags accept. Kept apart from the zod
 * schema so commands can list them in --help without loading zod at start-up.
 */

export const LANGUAGES = ['node', 'python', 'go'] as const;
export type Language = (typeof LANGUAGES)[number];

export const BACKENDS = ['jaeger', 'zipkin', 'tempo', 'none'] as const;
export type BackendName = (typeof BACKENDS)[number];

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
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi'] as const;
export const RUNTIMES = ['compose', 'process'] as const;
