import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { samplingStrategyCheck } from '../../../src/doctor/checks/sampling-strategy.js';
import { resolveSettings } from '../../../src/doctor/settings.js';
import type { DoctorContext } from '../../../src/doctor/types.js';

/**
 * The sampling-strategy check against a small HTTP server answering as Jaeger's sampling port does
 * (its Thrift-JSON form, strategyType as a number): where it asks, and what it says about the answer.
 * test/e2e/sampling-adaptive.test.ts runs it against a real Jaeger.
 */
let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A sampling port that answers `body` and records the services asked for. */
async function samplingPort(body: object, asked: string[] = []): Promise<string> {
  server = http.createServer((req, res) => {
    asked.push(`${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function ctxFor(sampler: object, remote: object | undefined, env: NodeJS.ProcessEnv = {}): DoctorContext {
  const config = validateConfig({
    version: 1,
    service: { name: 'shop' },
    language: 'python',
    framework: 'flask',
    exporter: { protocol: 'http', endpoint: 'http://localhost:4318' },
    sampler,
    ...(remote ? { remote_sampling: remote } : {}),
  });
  const { settings, inputs } = resolveSettings(
    { backend: 'jaeger', collector: false, json: false, strict: false, timeoutMs: 8000, wait: false },
    env,
    { config },
  );
  return {
    settings,
    inputs,
    fetch,
    now: Date.now,
    budgetMs: () => 8000,
    requestTimeoutMs: () => 3000,
    wait: false,
    state: {},
  };
}

const PER_OPERATION = {
  strategyType: 0,
  probabilisticSampling: { samplingRate: 0.1 },
  operationSampling: {
    defaultSamplingProbability: 0.1,
    perOperationStrategies: [
      { operation: 'GET /healthz', probabilisticSampling: { samplingRate: 0 } },
      { operation: 'POST /checkout', probabilisticSampling: { samplingRate: 1 } },
    ],
  },
};
const remoteSampler = { type: 'parentbased_jaeger_remote' };

describe('sampling-strategy', () => {
  it('is skipped when nothing uses remote sampling', async () => {
    expect((await samplingStrategyCheck.run(ctxFor({ type: 'parentbased_always_on' }, undefined))).status).toBe('skip');
  });

  it("reports the service's strategy from tracekit.yaml's endpoint, operations at 0 named", async () => {
    const asked: string[] = [];
    const endpoint = await samplingPort(PER_OPERATION, asked);
    const out = await samplingStrategyCheck.run(ctxFor(remoteSampler, { mode: 'file', endpoint }));
    expect(out.status).toBe('pass');
    expect(asked).toEqual(['/sampling?service=shop']);
    expect(out.detail).toBe(
      `shop gets 10% of traces, per operation: GET /healthz 0%, POST /checkout 100% from ${endpoint}/sampling?` +
        "service=shop; doctor's synthetic trace is sent always-on (never traced: GET /healthz)",
    );
  });

  it('asks the endpoint OTEL_TRACES_SAMPLER_ARG names when the variable chose the sampler', async () => {
    const endpoint = await samplingPort({ strategyType: 0, probabilisticSampling: { samplingRate: 0.5 } });
    const env = { OTEL_TRACES_SAMPLER: 'jaeger_remote', OTEL_TRACES_SAMPLER_ARG: `endpoint=${endpoint}/sampling` };
    const out = await samplingStrategyCheck.run(ctxFor({ type: 'always_on' }, undefined, env));
    expect(out.status).toBe('pass');
    expect(out.detail).toContain('shop gets 50% of traces');
  });

  it('warns when the strategy keeps nothing of the service, or the sampler does not ask', async () => {
    const none = await samplingPort({ strategyType: 0, probabilisticSampling: { samplingRate: 0 } });
    const dropped = await samplingStrategyCheck.run(ctxFor(remoteSampler, { mode: 'file', endpoint: none }));
    expect(dropped.status).toBe('warn');
    expect(dropped.detail).toContain('no trace of shop is kept');
    const unused = await samplingStrategyCheck.run(
      ctxFor({ type: 'parentbased_always_on' }, { mode: 'file', endpoint: none }),
    );
    expect(unused.status).toBe('warn');
    expect(unused.hint).toContain('init --sampler parentbased_jaeger_remote');
  });

  it('fails when the endpoint does not answer', async () => {
    const endpoint = await samplingPort({});
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const out = await samplingStrategyCheck.run(ctxFor(remoteSampler, { mode: 'adaptive', endpoint }));
    expect(out.status).toBe('fail');
    expect(out.detail).toContain(`no sampling strategy from ${endpoint}/sampling?service=shop`);
    expect(out.hint).toContain('backend up --sampling');
  });
});
