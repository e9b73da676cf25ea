import type { Command, Option } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDeployment } from '../../../src/backends/deployment.js';
import { backendOptionsFrom } from '../../../src/backends/options.js';
import { BACKENDS } from '../../../src/backends/registry.js';
import { type BackendSpec, entryOtlp } from '../../../src/backends/types.js';
import { backendCommand, upOptionsFrom } from '../../../src/commands/backend.js';
import { doctorCommand } from '../../../src/commands/doctor.js';
import type { RunCommand } from '../../../src/commands/global.js';
import { initCommand } from '../../../src/commands/init.js';
import { validateConfig } from '../../../src/config/load.js';
import type { Fetch } from '../../../src/context.js';
import { explainCheck } from '../../../src/doctor/run-doctor.js';
import { resolveSettings } from '../../../src/doctor/settings.js';
import { searchTrace } from '../../../src/doctor/trace-search.js';
import type { DoctorContext } from '../../../src/doctor/types.js';
import { createRenderEngine } from '../../../src/render/engine.js';

/**
 * A backend that exists only in this test, added through the registry alone: everything that
 * lists, validates or looks up backends must pick it up without a change in src/.
 */
const signoz: BackendSpec = {
  id: 'signoz',
  title: 'SigNoz',
  flagHelp: 'SigNoz (test double)',
  wellKnown: { healthPort: 13999, healthPath: '/healthz', queryPort: 18080, otlp: { grpc: 4317, http: 4318 } },
  defaultPorts: { ui: 18080, health: 13999, 'query-grpc': 18081 },
  probePorts: (ports) => ({ query: ports.ui, health: ports.health }),
  query: {
    traceUrl: (base, id) => `${base}/q/${id}`,
    parse: (status, body) =>
      status === 404
        ? undefined
        : (body as { spans: { id: string }[] }).spans.map((s) => ({
            traceId: 'ab'.repeat(16),
            spanId: s.id,
            name: 'op',
            serviceName: 'svc',
            kind: 'server' as const,
            attributes: {},
            status: 'unset' as const,
            events: [],
          })),
  },
  storages: ['memory'],
  processStorages: ['memory'],
  programs: [
    {
      id: 'signoz',
      flag: 'signoz-bin',
      env: 'TRACEKIT_SIGNOZ_BIN',
      pathNames: ['signoz'],
      what: 'SigNoz',
      file: 'executable',
    },
  ],
  async contribute(o) {
    return {
      services: [
        { name: 'signoz', title: 'SigNoz', hostPorts: [o.ports.ui, o.ports.health], compose: { image: 'x:1' } },
      ],
      files: [{ path: 'signoz/config.yaml', content: 'a: 1\n' }],
      volumes: [],
      urls: [{ label: 'SigNoz UI', url: `http://localhost:${o.ports.ui}` }],
      data: [],
    };
  },
  collectorTarget: () => ({ kind: 'otlp', endpoint: 'signoz:4317', service: 'signoz' }),
  directOtlp: entryOtlp,
};

beforeEach(() => {
  BACKENDS.push(signoz);
});
afterEach(() => {
  BACKENDS.splice(BACKENDS.indexOf(signoz), 1);
});

const noRun: RunCommand = async () => {};
const optionOf = (cmd: Command, long: string): Option | undefined => cmd.options.find((o) => o.long === long);
const sub = (cmd: Command, name: string) => cmd.commands.find((c) => c.name() === name)!;

describe('a backend added through the registry alone', () => {
  it('appears in every CLI choice: backend up flags, init --backend, doctor --backend', async () => {
    const up = sub(backendCommand(noRun), 'up');
    expect(optionOf(up, '--signoz')?.description).toBe('SigNoz (test double)');
    expect(optionOf(up, '--signoz-bin')).toBeDefined();
    expect(optionOf(initCommand(noRun), '--backend')?.argChoices).toContain('signoz');
    expect(optionOf(doctorCommand(noRun), '--backend')?.argChoices).toContain('signoz');

    let flags: Parameters<typeof upOptionsFrom>[0] | undefined;
    const capture: RunCommand = async (cmd) => {
      flags = cmd.opts<NonNullable<typeof flags>>();
    };
    await backendCommand(capture).parseAsync(['up', '--signoz', '--signoz-bin', '/opt/signoz'], { from: 'user' });
    expect(upOptionsFrom(flags!)).toMatchObject({
      flags: { named: ['signoz'] },
      programs: { 'signoz-bin': '/opt/signoz' },
    });
  });

  it('is a valid tracekit.yaml backend, and the error for an unknown one lists it', () => {
    const config = { version: 1, service: { name: 'a' }, language: 'node', framework: 'http' };
    const exporter = { endpoint: 'http://localhost:4318' };
    expect(validateConfig({ ...config, exporter, backend: 'signoz' }).backend).toBe('signoz');
    expect(() => validateConfig({ ...config, exporter, backend: 'nope' })).toThrow(/"signoz"/);
  });

  it('deploys with its own default ports, files and URLs', async () => {
    const o = backendOptionsFrom({ named: ['signoz'] }, undefined);
    expect(o.ports).toMatchObject({ ui: 18080, health: 13999, 'otlp-http': 4318 });
    const d = await planDeployment(o, createRenderEngine());
    expect(d.services.map((s) => s.name)).toEqual(['signoz']);
    expect(d.files.map((f) => f.path)).toEqual(['signoz/config.yaml']);
    expect(d.urls.map((u) => u.label)).toEqual(['SigNoz UI', 'OTLP/HTTP', 'OTLP/gRPC']);
  });

  it('is what doctor probes and queries: its well-known ports, health path and query adapter', async () => {
    const options = { backend: 'signoz', collector: false, json: false, strict: false, timeoutMs: 5000, wait: false };
    const { settings, inputs } = resolveSettings(options, {}, {});
    expect(settings).toMatchObject({ queryUrl: 'http://localhost:18080', healthUrl: 'http://localhost:13999/healthz' });
    expect(explainCheck('backend-health')).toContain('SigNoz: :13999/healthz');

    const asked: string[] = [];
    const fetch = (async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify({ spans: [{ id: '01'.repeat(8) }] }), { status: 200 });
    }) as unknown as Fetch;
    const ctx: DoctorContext = {
      settings,
      inputs,
      fetch,
      now: Date.now,
      budgetMs: () => 2000,
      requestTimeoutMs: () => 1000,
      wait: false,
      state: {},
    };
    const found = await searchTrace(ctx, 'ab'.repeat(16), { timeoutMs: 1500, minSpans: 1, settleMs: 0 });
    expect(asked[0]).toBe(`http://localhost:18080/q/${'ab'.repeat(16)}`);
    expect(found.spans.map((s) => s.spanId)).toEqual(['01'.repeat(8)]);
  });
});
