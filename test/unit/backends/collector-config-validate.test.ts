import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { components } from '../../support/components.js';
import { tempDir } from '../../support/temp-tree.js';
import { collectorCombos, deploymentFor } from './matrix.js';

/**
 * Every generated Collector configuration is validated by the real Collector binary that
 * scripts/setup-test-env.sh builds (`otelcol-tracekit validate`). That build cannot contain
 * awsxray and loadbalancing (see templates/backends/collector/builder.yaml); configurations naming them
 * are checked by schema in collector-exporters-schema.test.ts instead, and skipped here by
 * name, never validated with the component cut out.
 */
const dir = tempDir('tracekit-otelcol-validate-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOT_IN_TEST_BUILD = ['awsxray', 'loadbalancing'];

function validate(name: string, content: string): void {
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
  writeFileSync(file, content);
  try {
    execFileSync(components.collector(), ['validate', `--config=${file}`], {
      env: { ...process.env, GOOGLE_CLOUD_PROJECT: 'tracekit-test', AWS_REGION: 'us-east-1' },
      stdio: 'pipe',
      timeout: 30_000,
    });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `otelcol validate rejected ${name}:\n${e.stderr?.toString()}${e.stdout?.toString()}\n--- config ---\n${content}`,
    );
  }
}

describe('generated Collector configs pass the real `otelcol validate`', () => {
  for (const combo of collectorCombos()) {
    it(combo.title, async () => {
      const d = await deploymentFor(combo.flags);
      const configs = d.files.filter((f) => f.path.startsWith('collector/') && f.path.endsWith('.yaml'));
      expect(configs.length).toBe(combo.flags.replicas === '3' ? 2 : 1);
      let validated = 0;
      for (const f of configs) {
        const exporters = Object.keys((parse(f.content) as { exporters: object }).exporters);
        if (exporters.some((e) => NOT_IN_TEST_BUILD.includes(e))) continue;
        validate(`${combo.title} ${f.path}`, f.content);
        validated++;
      }
      // Only aws combos and the load-balancing layer are left to the schema test.
      const expected = configs.length - (combo.flags.replicas === '3' ? 1 : 0) - (combo.flags.cloud === 'aws' ? 1 : 0);
      expect(validated).toBe(expected);
    });
  }
});
