import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/components.js';
import { tempDir } from '../support/temp-tree.js';

/**
 * The overhead harness (bench/overhead, issue 17) in its short mode, as CI runs it: one round of
 * a few seconds per config, all three languages, real installs, the built CLI's `init`, real wrk,
 * real Jaeger. It proves the harness works and its result is well formed; it asserts no timing.
 */
interface Spread {
  median: number;
  min: number;
  max: number;
}
interface Row {
  language: string;
  config: string;
  rps: Spread;
  p99Ms: Spread;
  cpuUsPerRequest: Spread;
  spansPerRequest: Spread;
  delivery: { complete: boolean };
  ratios?: { rps: number; p99: number; cpuPerRequest: number };
}

const EXPECTED: Record<string, string[]> = {
  node: ['untraced', 'tracekit-always_on', 'tracekit-ratio10', 'agent'],
  python: ['untraced', 'tracekit-always_on', 'tracekit-ratio10', 'agent'],
  // Go has no zero-code agent the harness can run (bench/overhead/languages/go.js says why).
  go: ['untraced', 'tracekit-always_on', 'tracekit-ratio10'],
};

describe('npm run bench:overhead -- --short (the harness, not its numbers)', () => {
  it(
    'measures every config of the three languages and writes a well-formed result',
    async () => {
      const out = path.join(tempDir('tk-bench-overhead-'), 'result.json');
      const r = await execa('node', [path.join(repoRoot, 'bench', 'overhead', 'run.js'), '--short', '--out', out], {
        cwd: repoRoot,
        reject: false,
        timeout: 12 * 60_000,
        env: { CI: '1', FORCE_COLOR: '0' },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('| language | config | req/s |');
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      expect(doc.tracekit.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(doc.machine.before).toMatchObject({ cores: expect.any(Number), node: process.version });
      expect(doc.machine.before.loadAverage).toHaveLength(3);
      const rows = doc.results as Row[];
      for (const [language, configs] of Object.entries(EXPECTED)) {
        expect(rows.filter((x) => x.language === language).map((x) => x.config)).toEqual(configs);
      }
      for (const row of rows) {
        const what = `${row.language} ${row.config}`;
        expect(row.rps.median, what).toBeGreaterThan(0);
        expect(row.p99Ms.median, what).toBeGreaterThan(0);
        expect(row.cpuUsPerRequest.median, what).toBeGreaterThan(0);
        if (row.config === 'untraced') expect(row.spansPerRequest.median, what).toBe(0);
        else {
          expect(row.spansPerRequest.median, what).toBeGreaterThan(0);
          expect(row.ratios, what).toMatchObject({ rps: expect.any(Number), cpuPerRequest: expect.any(Number) });
        }
      }
    },
    12 * 60_000,
  );
});
