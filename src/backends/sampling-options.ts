import { SAMPLING_MODES, type SamplingMode } from '../config/choices.js';
import type { AnyConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { parseDuration } from '../flag-values.js';
import type { BackendSpec, SamplingOptions } from './types.js';

/** backend up's remote sampling flags, before validation (part of BackendFlags). */
export interface SamplingFlags {
  /** --sampling file|adaptive (Jaeger's remote sampling), --target-tps, --sampling-interval. */
  sampling?: string;
  targetTps?: string;
  samplingInterval?: string;
}

/** Jaeger's own defaults for adaptive sampling: one trace per second, recalculated every minute. */
const DEFAULT_TARGET_TPS = 1;
const DEFAULT_INTERVAL_MS = 60_000;

/**
 * `backend up --sampling file|adaptive` (and --target-tps, --sampling-interval), else what
 * tracekit.yaml's remote_sampling recorded, so a second `up` keeps it; undefined for none.
 */
export function samplingFrom(
  f: SamplingFlags,
  config: AnyConfig | undefined,
  spec: BackendSpec,
): SamplingOptions | undefined {
  const recorded = config?.remote_sampling;
  const mode = f.sampling ?? recorded?.mode;
  if (mode === undefined || mode === 'none') {
    if (f.targetTps !== undefined || f.samplingInterval !== undefined)
      throw new UsageError(
        '--target-tps and --sampling-interval need --sampling adaptive.',
        'Add --sampling adaptive.',
      );
    return undefined;
  }
  if (!(SAMPLING_MODES as readonly string[]).includes(mode))
    throw new UsageError(
      `--sampling ${JSON.stringify(mode)} is not a sampling mode.`,
      'Use --sampling file (a strategies file you edit) or --sampling adaptive (a target of traces per second).',
    );
  if (spec.wellKnown.samplingPort === undefined)
    throw new UsageError(
      `${spec.title} serves no sampling strategies.`,
      'Remote sampling comes from Jaeger: use --jaeger, or drop --sampling.',
    );
  const adaptive = mode === 'adaptive';
  if (!adaptive && (f.targetTps !== undefined || f.samplingInterval !== undefined))
    throw new UsageError('--target-tps and --sampling-interval apply to --sampling adaptive only.', 'Drop them.');
  const tps = f.targetTps === undefined ? (recorded?.target_tps ?? DEFAULT_TARGET_TPS) : Number(f.targetTps);
  if (!(tps > 0) || tps > 100_000)
    throw new UsageError(
      `--target-tps ${f.targetTps} is not a number of traces per second above 0.`,
      'For example --target-tps 5.',
    );
  const intervalMs =
    f.samplingInterval === undefined ? DEFAULT_INTERVAL_MS : parseDuration(f.samplingInterval, '--sampling-interval');
  if (intervalMs < 1000)
    throw new UsageError('--sampling-interval must be at least 1s.', 'For example --sampling-interval 30s.');
  return {
    mode: mode as SamplingMode,
    ...(config && 'service' in config ? { service: config.service.name } : {}),
    targetTps: tps,
    intervalMs,
  };
}
