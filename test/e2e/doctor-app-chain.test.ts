import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartCommand } from '../../src/languages/language.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';
import { checkOf, type DoctorRun, doctor, expectStatuses } from './doctor-run.js';
import { copyFixture, initService, type RunningService, startService } from './node-service.js';

/**
 * doctor --app over chains of real services instrumented by `tracekit init` (the Node chain
 * fixture, real npm packages, real Jaeger), each exporting on its own batch timer. The first link
 * answers after 3 s and exports late, the way a busy service does: doctor must wait for its spans
 * instead of judging the trace by the first batch that arrives.
 */
let jaeger: RunningBackend;
let fixture: ReturnType<typeof copyFixture>;
const running: RunningService[] = [];
let untraced: RunningProcess | undefined;
/** The start command init printed (--json), run as printed by every link. */
let start: StartCommand[] = [];

/** One link of a chain: its service name, batch delay, answer delay and the next link. */
async function link(name: string, batchDelayMs: number, next?: RunningService, delayMs = 0) {
  const s = await startService(fixture.dir, {
    start,
    env: {
      OTEL_SERVICE_NAME: name,
      OTEL_BSP_SCHEDULE_DELAY: String(batchDelayMs),
      DELAY_MS: String(delayMs),
      ...(next ? { DOWNSTREAM: next.base } : {}),
    },
  });
  running.push(s);
  return s;
}

let threeFront: RunningService;
let twoFront: RunningService;
let mid: RunningService;

beforeAll(async () => {
  jaeger = await startJaeger();
  fixture = copyFixture('node-chain');
  start = (await initService(fixture.dir, jaeger)).startCommands;
  // Three services: front (5 s batches, answers after 3 s) → mid (8 s) → leaf (1 s).
  const leaf = await link('chain-leaf', 1000);
  mid = await link('chain-mid', 8000, leaf);
  threeFront = await link('chain-front', 5000, mid, 3000);
  // Two services: front (8 s batches, answers after 3 s) → leaf (1 s).
  twoFront = await link('pair-front', 8000, leaf, 3000);
}, 600_000);

afterAll(async () => {
  await Promise.all([...running.map((s) => s.process.stop()), untraced?.stop(), jaeger?.stop()]);
  fixture?.cleanup();
});

// In the service folder: tracekit.yaml (written by init) gives the endpoint and backend.
const run = (app: string, extra: string[] = []) =>
  doctor(
    ['--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl, '--batch-delay', '8s', ...extra, '--app', app],
    { cwd: fixture.dir },
  );

/** Ten doctor runs one after another against one chain; every one must pass and see every service. */
async function tenRuns(front: RunningService, services: string[]): Promise<DoctorRun[]> {
  const runs: DoctorRun[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await run(`${front.base}/`);
    runs.push(r);
    expectStatuses(r, { 'synthetic-found': 'pass', app: 'pass' });
    expect([...(checkOf(r, 'app').data.services as string[])].sort(), r.stderr).toEqual([...services].sort());
  }
  return runs;
}

describe('doctor --app waits for every service of a chain, whatever their batch delays', () => {
  it('passes 10 consecutive runs on each chain (three services: 5 s, 8 s, 1 s; two: 8 s, 1 s)', async () => {
    // The two chains are checked side by side (each one's runs consecutive): most of a run is waiting.
    const [three, two] = await Promise.all([
      tenRuns(threeFront, ['chain-front', 'chain-mid', 'chain-leaf']),
      tenRuns(twoFront, ['pair-front', 'chain-leaf']),
    ]);
    for (const r of [...three, ...two]) {
      const app = checkOf(r, 'app');
      expect(app.detail).toMatch(/joined the trace under the given parent/);
      // The first link answered after its 3 s delay; doctor waited past the 8 s batch delay.
      expect(app.data.answeredMs as number).toBeGreaterThanOrEqual(3000);
      expect(app.data.waitedMs as number).toBeGreaterThan(8000);
    }
  }, 600_000);

  it('fails, saying what it saw, when the first service runs without tracing and drops the parent', async () => {
    // The same code started without its tracing setup: it forwards no traceparent, so the rest
    // of the chain starts a trace of its own and doctor's trace gets no span at all.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    untraced = await startProcess({
      name: 'chain-untraced',
      command: 'node',
      args: ['server.js'],
      cwd: fixture.dir,
      env: { PORT: String(port), DOWNSTREAM: mid.base },
      healthUrl: `${base}/healthz`,
      timeoutMs: 30_000,
    });
    const r = await run(`${base}/`, ['--timeout', '25']);
    expectStatuses(r, { 'synthetic-found': 'pass', app: 'fail' });
    expect(r.exitCode).toBe(1);
    const app = checkOf(r, 'app');
    expect(app.detail).toMatch(
      /answered 200, but no span of trace [0-9a-f]{32} reached Jaeger in the \d+\.\ds doctor waited/,
    );
    expect(app.hint).toContain('instrumented');
  }, 120_000);
});
