import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCli } from '../support/backend-cli.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { freePorts } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';
import { doctor, expectStatuses } from './doctor-run.js';

/**
 * doctor finds the backend that `tracekit backend up` started, on the ports it was moved to, with
 * no URL flags: the built CLI starts the cached Jaeger (and Collector) as processes on free ports,
 * and a second Jaeger on the well-known ports stands by. That bystander must see nothing: not
 * doctor's synthetic trace, not the started Jaeger's own spans (asserted through its query API).
 */
const tracekit = backendCli;

const WELL_KNOWN = { grpc: 4317, http: 4318, query: 16686, queryGrpc: 16685, health: 13133 };
let bystander: RunningBackend;

beforeAll(async () => {
  // Fails loudly when the well-known ports are taken: the test is about them.
  bystander = await startJaeger(WELL_KNOWN);
}, 120_000);

afterAll(async () => {
  await bystander?.stop();
});

/** The services that ever sent a span to the bystander. */
async function bystanderServices(): Promise<string[]> {
  const res = await fetch(`${bystander.queryUrl}/api/v3/services`, { signal: AbortSignal.timeout(5000) });
  return ((await res.json()) as { services?: string[] }).services ?? [];
}

for (const withCollector of [false, true]) {
  describe(`doctor after backend up with moved ports${withCollector ? ', a Collector in front of Jaeger' : ''}`, () => {
    const dir = tempDir('tracekit-doctor-follows-');

    beforeAll(async () => {
      writeFileSync(
        path.join(dir, 'tracekit.yaml'),
        'version: 1\nservice: { name: orders }\nlanguage: node\nframework: http\n' +
          'exporter: { protocol: http, endpoint: "http://localhost:4318" }\n',
      );
      const names = ['otlp-grpc', 'otlp-http', 'ui', 'health', 'query-grpc', 'collector-health'];
      const ports = await freePorts(names.length + 2);
      const moved = names.flatMap((n, i) => ['--port', `${n}=${ports[i]}`]);
      const behind = ['--port', `backend-otlp-grpc=${ports[6]}`, '--port', `backend-otlp-http=${ports[7]}`];
      const args = ['backend', 'up', '--jaeger', ...(withCollector ? ['--collector'] : []), '--runtime', 'process'];
      const r = await tracekit(dir, [...args, ...moved, ...behind, '--yes', '--timeout', '150']);
      if (r.exitCode !== 0) throw new Error(`backend up failed (${r.exitCode}):\n${r.stderr}`);
    }, 200_000);

    afterAll(async () => {
      await tracekit(dir, ['backend', 'down']);
    }, 60_000);

    it('passes with no URL flags, and the Jaeger on the well-known ports sees nothing', async () => {
      const run = await doctor(['--timeout', '40'], { cwd: dir });
      expectStatuses(run, {
        config: 'pass',
        'backend-health': 'pass',
        ingest: 'pass',
        'synthetic-sent': 'pass',
        'synthetic-found': 'pass',
      });
      expect(run.report.target.queryUrl).not.toContain(':16686');
      expect(run.report.target.healthUrl).not.toContain(':13133');
      if (withCollector) expect(run.report.target.collectorHealthUrl).not.toContain(':13134');
      expect(await bystanderServices()).toEqual([]);
    });
  });
}
