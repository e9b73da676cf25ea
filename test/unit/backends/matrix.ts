import { planDeployment } from '../../../src/backends/deployment.js';
import { type BackendFlags, backendOptionsFrom } from '../../../src/backends/options.js';
import { BACKENDS } from '../../../src/backends/registry.js';
import type { Deployment } from '../../../src/backends/types.js';
import { type RedactionConfig, withRedactKeys } from '../../../src/config/redaction.js';
import { createRenderEngine } from '../../../src/render/engine.js';

/** One combination of `backend up` options, named for test titles. */
export interface Combo {
  title: string;
  flags: BackendFlags;
}

/** Every backend × tail sampling × cloud exporter × replicas × runtime that the CLI accepts. */
export function collectorCombos(): Combo[] {
  const out: Combo[] = [];
  for (const { id: backend, programs } of BACKENDS) {
    for (const runtime of ['compose', 'process'] as const) {
      if (runtime === 'process' && !programs.length) continue;
      for (const tailSampling of [true, false]) {
        for (const cloud of [undefined, 'gcp', 'aws'] as const) {
          for (const replicas of runtime === 'compose' ? ['1', '3'] : ['1']) {
            out.push({
              title:
                `${backend} ${runtime} tail_sampling=${tailSampling} ` +
                `cloud=${cloud ?? 'none'} replicas=${replicas}`,
              flags: { backend, runtime, collector: true, tailSampling, cloud, replicas },
            });
          }
        }
      }
    }
  }
  return out;
}

const engine = createRenderEngine();

/** The deployment for flags, with a redaction list as tracekit.yaml would give it. */
export async function deploymentFor(
  flags: BackendFlags,
  redaction: RedactionConfig = {
    ...withRedactKeys(undefined, ['user.email', 'app.*.ssn']),
    patterns: ['ord-[0-9]{6}'],
  },
): Promise<Deployment> {
  const o = backendOptionsFrom(flags, undefined);
  return planDeployment({ ...o, redaction }, engine);
}
