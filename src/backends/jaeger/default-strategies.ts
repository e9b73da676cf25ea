import type { Strategies } from './strategies.js';

/**
 * The strategies file tracekit writes for `backend up --sampling file`. Apart from its check
 * (strategies.ts, with zod), which only a file the user already has needs: the backend registry
 * holds Jaeger's spec, and every command lists the registry when the CLI starts.
 */
export const STRATEGIES_FILE = 'jaeger/sampling-strategies.json';

/** The share of traces kept for everything the file does not name. */
export const DEFAULT_PROBABILITY = 0.1;
/** Health checks and probes: every language names its server span "METHOD route" (Go: the mux pattern). */
const HEALTH_OPERATIONS = ['GET /health', 'GET /healthz', 'GET /ready', 'GET /readyz', 'GET /livez'];

/** The file tracekit writes: the service's routes at the default share, health checks never. */
export function defaultStrategies(service: string | undefined): Strategies {
  const health = HEALTH_OPERATIONS.map((op) => ({ operation: op, type: 'probabilistic' as const, param: 0 }));
  return {
    default_strategy: { type: 'probabilistic', param: DEFAULT_PROBABILITY, operation_strategies: health },
    ...(service
      ? { service_strategies: [{ service, type: 'probabilistic' as const, param: DEFAULT_PROBABILITY }] }
      : {}),
  };
}

export const renderStrategies = (s: Strategies) => `${JSON.stringify(s, null, 2)}\n`;
