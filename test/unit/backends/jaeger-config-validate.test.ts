import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { components } from '../../support/components.js';
import { tempDir } from '../../support/temp-tree.js';
import { deploymentFor } from './matrix.js';

/** Every generated Jaeger config is accepted by the real Jaeger v2 binary (`jaeger validate`). */
const dir = tempDir('tracekit-jaeger-validate-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: { storage: string; collector: boolean; runtime: string; sampling?: string }[] = [
  ...['memory', 'badger', 'elasticsearch', 'opensearch'].flatMap((storage) =>
    [false, true].map((collector) => ({ storage, collector, runtime: 'compose' })),
  ),
  ...[false, true].map((collector) => ({ storage: 'memory', collector, runtime: 'process' })),
  // Remote sampling: the extension with a strategies file, or adaptive with its processor and store.
  ...['file', 'adaptive'].flatMap((sampling) =>
    ['compose', 'process'].map((runtime) => ({
      storage: runtime === 'process' ? 'badger' : 'memory',
      collector: false,
      runtime,
      sampling,
    })),
  ),
];

describe('generated Jaeger configs pass the real `jaeger validate`', () => {
  for (const c of cases) {
    const title = `storage=${c.storage} collector=${c.collector} runtime=${c.runtime} sampling=${c.sampling ?? 'none'}`;
    it(title, async () => {
      const d = await deploymentFor({ backend: 'jaeger', ...c });
      const config = d.files.find((f) => f.path === 'jaeger/config.yaml')!.content;
      const file = path.join(dir, `${c.storage}-${c.collector}-${c.runtime}-${c.sampling}.yaml`);
      writeFileSync(file, config);
      try {
        execFileSync(components.jaeger(), ['validate', '--config', file], { stdio: 'pipe', timeout: 60_000 });
      } catch (err) {
        const e = err as { stderr?: Buffer };
        throw new Error(`jaeger validate rejected it:\n${e.stderr?.toString()}\n--- config ---\n${config}`);
      }
    });
  }
});
