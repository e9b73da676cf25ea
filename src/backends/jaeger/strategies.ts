import { z } from 'zod';
import { UsageError } from '../../errors.js';

/**
 * Jaeger's sampling strategies file (the `remote_sampling` extension's `file.path`): the starting
 * point `backend up --sampling file` writes, and the check of the file the user edited.
 *
 * Jaeger itself refuses only a file its JSON decoder cannot read (a wrong type, a syntax error);
 * an unknown strategy type or a probability above 1 it takes with a log line and serves something
 * else. tracekit refuses all of these, naming the field, before anything is written or started.
 */
const probability = z.number().min(0).max(1);
const strategy = z.discriminatedUnion('type', [
  z.object({ type: z.literal('probabilistic'), param: probability }),
  // Traces per second; Jaeger reads it as a whole number.
  z.object({ type: z.literal('ratelimiting'), param: z.number().int().min(0) }),
]);
// Jaeger serves only shares per operation: a rate limit there is dropped with a log line.
const operation = z.object({ operation: z.string().min(1), type: z.literal('probabilistic'), param: probability });
const withOperations = z.intersection(strategy, z.object({ operation_strategies: z.array(operation).optional() }));
const strategiesSchema = z
  .object({
    default_strategy: withOperations.optional(),
    service_strategies: z.array(z.intersection(z.object({ service: z.string().min(1) }), withOperations)).optional(),
  })
  .strict();
export type Strategies = z.infer<typeof strategiesSchema>;

/** Throws a UsageError naming each bad field of a strategies file (`file` is its path, for the message). */
export function checkStrategies(text: string, file: string): Strategies {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `${file} is not valid JSON: ${(err as Error).message}`,
      'Fix the syntax, or re-run with --force to write the default strategies again.',
    );
  }
  const r = strategiesSchema.safeParse(data);
  if (r.success) return r.data;
  // Formatted here: config/load.js would import the backend registry this module is part of.
  const lines = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  throw new UsageError(
    `${file} is not a strategies file Jaeger can serve:\n  - ${lines.join('\n  - ')}`,
    'Each strategy is {"type": "probabilistic", "param": 0..1} or {"type": "ratelimiting", "param": traces per ' +
      'second}; operation_strategies take probabilistic only. Fix the fields above, or re-run with --force.',
  );
}
