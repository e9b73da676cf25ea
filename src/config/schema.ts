import { z } from 'zod';
import { BACKENDS, LANGUAGES, PROPAGATORS, PROTOCOLS, type Protocol, RUNTIMES, SAMPLERS } from './choices.js';
import {
  ATTRIBUTE_KEY,
  ATTRIBUTE_KEY_RULE,
  endpointProblem,
  SERVICE_NAME,
  SERVICE_NAME_RULE,
  SIMPLE_VALUE,
  SIMPLE_VALUE_RULE,
} from './names.js';

export * from './choices.js';

const endpoint = z.string().superRefine((v, ctx) => {
  const problem = endpointProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} ${problem}` });
});

export const configSchema = z
  .object({
    version: z.literal(1),
    service: z
      .object({
        name: z.string().regex(SERVICE_NAME, SERVICE_NAME_RULE),
        version: z.string().regex(SIMPLE_VALUE, SIMPLE_VALUE_RULE).default('0.1.0'),
        environment: z.string().regex(SIMPLE_VALUE, SIMPLE_VALUE_RULE).default('development'),
      })
      .strict(),
    language: z.enum(LANGUAGES),
    framework: z.string().regex(/^[a-z0-9-]+$/, 'a framework id such as "express"'),
    backend: z.enum(BACKENDS).default('jaeger'),
    collector: z.boolean().default(false),
    exporter: z
      .object({
        protocol: z.enum(PROTOCOLS).default('http'),
        endpoint,
      })
      .strict(),
    sampler: z
      .object({
        type: z.enum(SAMPLERS).default('parentbased_always_on'),
        ratio: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({ type: 'parentbased_always_on' }),
    propagators: z.array(z.enum(PROPAGATORS)).min(1).default(['tracecontext', 'baggage']),
    redaction: z
      .object({ keys: z.array(z.string().regex(ATTRIBUTE_KEY, ATTRIBUTE_KEY_RULE)).default([]) })
      .strict()
      .default({ keys: [] }),
    runtime: z.enum(RUNTIMES).default('compose'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const needsRatio = c.sampler.type === 'traceidratio' || c.sampler.type === 'parentbased_traceidratio';
    if (needsRatio && c.sampler.ratio === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['sampler', 'ratio'],
        message: `sampler ${c.sampler.type} needs a ratio between 0 and 1`,
      });
    }
    if (!needsRatio && c.sampler.ratio !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['sampler', 'ratio'], message: `sampler ${c.sampler.type} takes no ratio` });
    }
  });

/** Everything tracekit records about a service; the contract between init, backend and doctor. */
export type TracekitConfig = z.output<typeof configSchema>;
/** What a caller may hand to validation (defaults not yet applied). */
export type TracekitConfigInput = z.input<typeof configSchema>;

/** Default OTLP endpoint for a protocol on this machine. */
export function defaultEndpoint(protocol: Protocol, host = 'localhost'): string {
  return protocol === 'grpc' ? `http://${host}:4317` : `http://${host}:4318`;
}
