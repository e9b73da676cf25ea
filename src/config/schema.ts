import { z } from 'zod';
import { redact } from '../ui/redact.js';
import {
  isRemoteSampler,
  NO_BACKEND,
  PROPAGATORS,
  PROTOCOLS,
  type Protocol,
  RUNTIMES,
  SAMPLERS,
  SAMPLING_MODES,
} from './choices.js';
import { endpointProblem, SERVICE_NAME, SERVICE_NAME_RULE, SIMPLE_VALUE, SIMPLE_VALUE_RULE } from './names.js';
import { redactionSchema } from './redaction-schema.js';

export * from './choices.js';

const endpoint = z.string().superRefine((v, ctx) => {
  const problem = endpointProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(redact(v))} ${problem}` });
});

/** The ids the registries know; the schema accepts exactly these. */
export interface KnownIds {
  languages: readonly string[];
  backends: readonly string[];
}

const oneOf = (ids: readonly string[]) => z.enum(ids as [string, ...string[]]);

/** The settings one service and a whole workspace share: where spans go and how they are sampled. */
const sharedShape = (ids: KnownIds) => ({
  version: z.literal(1),
  backend: oneOf([...ids.backends, NO_BACKEND]).default('jaeger'),
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
      // Remote samplers: how often the strategy is fetched again.
      interval_ms: z.number().int().min(100).max(86_400_000).optional(),
    })
    .strict()
    .default({ type: 'parentbased_always_on' }),
  propagators: z.array(z.enum(PROPAGATORS)).min(1).default(['tracecontext', 'baggage']),
  redaction: redactionSchema,
  runtime: z.enum(RUNTIMES).default('compose'),
  // Jaeger's remote sampling (`backend up --sampling`): how it decides, and where services ask.
  remote_sampling: z
    .object({
      mode: z.enum(SAMPLING_MODES),
      target_tps: z.number().positive().max(100_000).optional(),
      endpoint,
    })
    .strict()
    .optional(),
});

const serviceShape = {
  name: z.string().regex(SERVICE_NAME, SERVICE_NAME_RULE),
  version: z.string().regex(SIMPLE_VALUE, SIMPLE_VALUE_RULE).default('0.1.0'),
  environment: z.string().regex(SIMPLE_VALUE, SIMPLE_VALUE_RULE).default('development'),
};
const frameworkId = z.string().regex(/^[a-z0-9-]+$/, 'a framework id such as "express"');

type SamplerSettings = { sampler: { type: string; ratio?: number; interval_ms?: number } };

/** A sampler's ratio and interval only where its type takes them. */
function checkSampler(c: SamplerSettings, ctx: z.RefinementCtx): void {
  const needsRatio = c.sampler.type === 'traceidratio' || c.sampler.type === 'parentbased_traceidratio';
  if (needsRatio && c.sampler.ratio === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['sampler', 'ratio'],
      message: `sampler ${c.sampler.type} needs a ratio between 0 and 1`,
    });
  }
  const remote = isRemoteSampler(c.sampler.type);
  if (!remote && c.sampler.interval_ms !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['sampler', 'interval_ms'],
      message: `sampler ${c.sampler.type} fetches nothing, so it takes no interval_ms`,
    });
  }
  // A remote sampler's ratio is the one its initial sampler uses until the first fetch.
  if (!needsRatio && !remote && c.sampler.ratio !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['sampler', 'ratio'],
      message: `sampler ${c.sampler.type} takes no ratio`,
    });
  }
}

/** tracekit.yaml's schema for one service, for the languages and backends registered now. */
export const buildConfigSchema = (ids: KnownIds) =>
  z
    .object({
      ...sharedShape(ids),
      service: z.object(serviceShape).strict(),
      language: oneOf(ids.languages),
      framework: frameworkId,
    })
    .strict()
    .superRefine(checkSampler);

/**
 * A workspace root's tracekit.yaml: the shared settings once, and `services` in place of one
 * `service` (each with its folder, language and framework). A file without `services` is the
 * single-service form, so every tracekit.yaml written before stays valid.
 */
export const buildWorkspaceSchema = (ids: KnownIds) =>
  z
    .object({
      ...sharedShape(ids),
      services: z
        .array(
          z
            .object({
              ...serviceShape,
              path: z
                .string()
                .regex(/^[\w@-][\w@.-]*(?:\/[\w@-][\w@.-]*)*$/, 'a folder inside the root, such as services/api'),
              language: oneOf(ids.languages),
              framework: frameworkId,
            })
            .strict(),
        )
        .min(1),
    })
    .strict()
    .superRefine((c, ctx) => {
      checkSampler(c, ctx);
      for (const key of ['name', 'path'] as const) {
        const seen = new Set<string>();
        for (const [i, s] of c.services.entries()) {
          if (seen.has(s[key]))
            ctx.addIssue({ code: 'custom', path: ['services', i, key], message: `${s[key]} is listed twice` });
          seen.add(s[key]);
        }
      }
    });

/** Everything tracekit records about a service; the contract between init, backend and doctor. */
export type TracekitConfig = z.output<ReturnType<typeof buildConfigSchema>>;
/** What a caller may hand to validation (defaults not yet applied). */
export type TracekitConfigInput = z.input<ReturnType<typeof buildConfigSchema>>;
/** A workspace root's record: its services and the backend they share. */
export type WorkspaceConfig = z.output<ReturnType<typeof buildWorkspaceSchema>>;
/** One service of a workspace's record. */
export type WorkspaceServiceEntry = WorkspaceConfig['services'][number];
/** Either form of tracekit.yaml, as backend and doctor read it. */
export type AnyConfig = TracekitConfig | WorkspaceConfig;
export { isWorkspaceConfig } from './config-form.js';

/** Default OTLP endpoint for a protocol on this machine. */
export function defaultEndpoint(protocol: Protocol, host = 'localhost'): string {
  return protocol === 'grpc' ? `http://${host}:4317` : `http://${host}:4318`;
}
