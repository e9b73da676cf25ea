import type { BackendOptions, SamplingOptions } from '../types.js';
import { defaultStrategies, renderStrategies, STRATEGIES_FILE } from './default-strategies.js';

/** Where the compose service sees the strategies file. */
export const STRATEGIES_MOUNT = '/etc/jaeger/sampling-strategies.json';
/** Jaeger reads the file again this often, so an edit applies without a restart. */
const RELOAD_INTERVAL = '10s';

/** The `remote_sampling` extension's settings for templates/backends/jaeger/config.yaml.hbs. */
export function samplingTemplateData(o: BackendOptions, strategiesPath: string) {
  const s = o.sampling;
  if (!s) return false;
  if (s.mode === 'file') return { file: { path: strategiesPath, reloadInterval: RELOAD_INTERVAL } };
  const seconds = (ms: number) => `${ms / 1000}s`;
  return {
    adaptive: {
      targetTps: s.targetTps,
      interval: seconds(s.intervalMs),
      // Jaeger's defaults put the window two intervals back (1m, 2m); a short interval keeps that ratio.
      delay: seconds(s.intervalMs * 2),
      // The leader (the only Jaeger here) renews its lease within an interval, at most Jaeger's 5s.
      leaderLease: seconds(Math.min(s.intervalMs, 5000)),
    },
  };
}

/** The strategies file as a seed: tracekit's default once, then the user's file, checked. */
export function strategiesSeed(s: SamplingOptions) {
  return {
    path: STRATEGIES_FILE,
    content: renderStrategies(defaultStrategies(s.service)),
    seed: async (existing: string, file: string) => {
      // The check loads zod: only a file already on disk needs it.
      const { checkStrategies } = await import('./strategies.js');
      checkStrategies(existing, file);
    },
  };
}
