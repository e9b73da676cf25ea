import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_PROGRAM } from '../../../src/backends/collector/index.js';
import { backendOptionsFrom } from '../../../src/backends/options.js';
import { zipkin } from '../../../src/backends/zipkin/index.js';
import type { Ctx } from '../../../src/context.js';
import { parsePs } from '../../../src/runtime/compose.js';
import { waitUntilHealthy } from '../../../src/runtime/health.js';
import { assertPortsFree, portHolder } from '../../../src/runtime/port-check.js';
import { resolveProgram } from '../../../src/runtime/programs.js';
import { createLogger } from '../../../src/ui/logger.js';

function fakeCtx(env: NodeJS.ProcessEnv = {}): Ctx & { lines: string[] } {
  const lines: string[] = [];
  let t = 0;
  return {
    cwd: '/',
    isTTY: false,
    isCI: true,
    env,
    log: createLogger({
      colorEnabled: false,
      verbose: false,
      stderr: (s) => lines.push(s),
      stdout: (s) => lines.push(s),
    }),
    prompt: undefined as never,
    exec: undefined as never,
    fetch: undefined as never,
    now: () => (t += 3000),
    nodeVersion: '20.20.2',
    lines,
  };
}

describe('runtime parts', () => {
  it('parsePs reads both the JSON array and the one-object-per-line formats of compose ps', () => {
    const row = { Service: 'jaeger', State: 'running', Health: 'healthy' };
    expect(parsePs(JSON.stringify([row]))).toEqual([row]);
    expect(
      parsePs(`${JSON.stringify(row)}\n${JSON.stringify({ ...row, Service: 'collector' })}\n`).map((r) => r.Service),
    ).toEqual(['jaeger', 'collector']);
    expect(parsePs('')).toEqual([]);
  });

  it('waitUntilHealthy prints progress, then names the slow service with its log tail', async () => {
    const ctx = fakeCtx();
    const slow = {
      name: 'jaeger',
      check: async () => ({ state: 'starting' as const }),
      logTail: async () => 'bind: address already in use',
    };
    await expect(waitUntilHealthy(ctx, [slow], { timeoutMs: 10_000, intervalMs: 1 })).rejects.toThrow(
      /jaeger did not become healthy within 10 s\.[\s\S]*address already in use/,
    );
    expect(ctx.lines.some((l) => l.includes('waiting for jaeger'))).toBe(true);
  });

  it('waitUntilHealthy fails at once when a service has exited', async () => {
    const dead = {
      name: 'zipkin',
      check: async () => ({ state: 'failed' as const, detail: 'exited with 1' }),
      logTail: async () => '',
    };
    await expect(waitUntilHealthy(fakeCtx(), [dead], { timeoutMs: 60_000, intervalMs: 1 })).rejects.toThrow(
      'zipkin stopped before it was healthy (exited with 1).',
    );
  });

  it('a held port is refused, naming this process as the holder', async () => {
    const server = net.createServer();
    const port = await new Promise<number>((r) =>
      server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)),
    );
    try {
      expect(await portHolder(port)).toMatch(new RegExp(`^pid ${process.pid} \\(`));
      await expect(assertPortsFree([{ port, service: 'Jaeger' }], '127.0.0.1')).rejects.toThrow(
        `Port ${port} (Jaeger) is already in use by pid ${process.pid}`,
      );
    } finally {
      server.close();
    }
  });

  it('programs come from the flag, then the environment variable; a missing one names both', async () => {
    await expect(
      resolveProgram(fakeCtx({ PATH: '', TRACEKIT_CACHE: '/nonexistent' }), COLLECTOR_PROGRAM, {}),
    ).rejects.toThrow(/Cannot find an OpenTelemetry Collector binary/);
    expect(await resolveProgram(fakeCtx({ TRACEKIT_OTELCOL_BIN: process.execPath }), COLLECTOR_PROGRAM, {})).toEqual([
      process.execPath,
    ]);
    await expect(
      resolveProgram(fakeCtx({ PATH: '' }), zipkin.programs[0]!, { 'zipkin-jar': '/nope.jar' }),
    ).rejects.toThrow(/--zipkin-jar/);
  });
});

describe('backend options', () => {
  const cases: [string, Parameters<typeof backendOptionsFrom>[0], RegExp][] = [
    ['two backends', { named: ['jaeger', 'tempo'] }, /Choose one backend/],
    ['unknown storage', { named: ['zipkin'], storage: 'badger' }, /Zipkin has no storage "badger"/],
    ['tempo as a process', { named: ['tempo'], runtime: 'process' }, /runs only with the compose runtime/],
    [
      'replicas as processes',
      { named: ['jaeger'], runtime: 'process', replicas: '2' },
      /--replicas needs the compose runtime/,
    ],
    ['bad port name', { named: ['jaeger'], port: ['web=80'] }, /not name=number with a known name/],
    ['unknown cloud', { named: ['jaeger'], cloud: 'azure' }, /Unknown cloud "azure"/],
  ];
  for (const [title, flags, error] of cases)
    it(`refuses ${title}`, () => expect(() => backendOptionsFrom(flags, undefined)).toThrow(error));

  it("Zipkin's own Collector keeps every trace unless asked to sample; --collector samples", () => {
    const sampled = (f: Parameters<typeof backendOptionsFrom>[0]) => backendOptionsFrom(f, undefined).tailSampling;
    expect(sampled({ named: ['zipkin'] })).toBe(false);
    expect(sampled({ named: ['zipkin'], tailSampling: true })).toBe(true);
    expect(sampled({ named: ['zipkin'], collector: true })).toBe(true);
    expect(sampled({ named: ['jaeger'], collector: true, tailSampling: false })).toBe(false);
    expect(sampled({ named: ['jaeger'] })).toBe(false);
  });

  it('--cloud and --replicas bring a Collector; tail sampling is on with it by default', () => {
    const o = backendOptionsFrom({ named: ['zipkin'], cloud: 'gcp' }, undefined);
    expect([o.collector, o.tailSampling, o.ports['collector-health']]).toEqual([true, true, 13134]);
  });
});
