import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import { findTrace } from '../../src/otel/find-trace.js';
import { type SentTrace, sendTrace } from '../../src/otel/send-trace.js';
import { backendCli } from '../support/backend-cli.js';
import { freePorts } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';

/**
 * Traces survive a backend restart: the process runtime runs the cached Jaeger on badger in the
 * project's tracing folder by default, so a trace stored before `backend down` (or a kill -9 of
 * Jaeger) is still found after `backend up`, and `backend status` says where the data is.
 */
const tracekit = backendCli;

const dir = tempDir('tracekit-backend-restart-');
let portFlags: string[];
let ports: Record<string, number>;

async function up() {
  const r = await tracekit(dir, [
    'backend',
    'up',
    '--jaeger',
    '--runtime',
    'process',
    ...portFlags,
    '--timeout',
    '120',
  ]);
  if (r.exitCode !== 0) throw new Error(`backend up failed (${r.exitCode}):\n${r.stderr}`);
}

const found = async (sent: SentTrace) =>
  (
    await findTrace({ query: backendById('jaeger').query, url: `http://127.0.0.1:${ports.ui}` }, sent.traceId, {
      timeoutMs: 20_000,
      minSpans: 2,
    })
  ).spans.length;

beforeAll(async () => {
  const names = ['otlp-grpc', 'otlp-http', 'ui', 'health', 'query-grpc'];
  const free = await freePorts(names.length);
  ports = Object.fromEntries(names.map((n, i) => [n, free[i]!]));
  portFlags = names.flatMap((n) => ['--port', `${n}=${ports[n]}`]);
  await up();
}, 200_000);

afterAll(async () => {
  await tracekit(dir, ['backend', 'down']);
}, 60_000);

describe('process runtime: Jaeger keeps traces across restarts (badger by default)', () => {
  let sent: SentTrace;

  it('stores a trace on disk and status says where and how much', async () => {
    sent = await sendTrace({
      protocol: 'http',
      url: `http://127.0.0.1:${ports['otlp-http']}/v1/traces`,
      serviceName: 'restart-test',
      attributes: { 'tracekit.test': 'restart' },
      timeoutMs: 10_000,
    });
    expect(await found(sent)).toBe(2);
    const r = await tracekit(dir, ['--json', 'backend', 'status']);
    const status = JSON.parse(r.stdout) as { data: { service: string; where: string; bytes?: number }[] };
    const jaeger = status.data.find((d) => d.service === 'jaeger');
    expect(jaeger?.where).toContain('tracing/jaeger/data (badger');
    expect(jaeger?.bytes).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/jaeger data\s+tracing\/jaeger\/data \(badger, kept 168h\): [\d.]+ [KMG]?B/);
  });

  it('after backend down and up, the trace is still there', async () => {
    expect((await tracekit(dir, ['backend', 'down'])).exitCode).toBe(0);
    await up();
    expect(await found(sent)).toBe(2);
  });

  it('after Jaeger is killed (kill -9) and backend up, the trace is still there', async () => {
    const state = JSON.parse(readFileSync(path.join(dir, '.tracekit', 'backend', 'state.json'), 'utf8')) as {
      services: { name: string; pid: number }[];
    };
    const pid = state.services.find((s) => s.name === 'jaeger')!.pid;
    process.kill(-pid, 'SIGKILL');
    // up notices the process is gone and starts it again on the same data.
    await up();
    expect(await found(sent)).toBe(2);
  });
});
