import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartCommand } from '../../src/languages/language.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import {
  copyFixture,
  descendsFrom,
  initService,
  type RunningService,
  readJson,
  request,
  serverSpanOf,
  spansOf,
  startService,
  statusOf,
} from './node-service.js';

// A Next.js 16 app (App Router route handlers, JavaScript) calling itself with axios. init writes
// instrumentation.js, whose register() loads the setup in the Node.js runtime; the app is built and
// started as init's next steps say. Next.js makes the server spans; the http instrumentation the
// client span. The running Node 20 picks OpenTelemetry JS 2.x.
describe('Node Next.js + axios (instrumentation.js register hook, Node 20, OTel JS 2.x) against real Jaeger', () => {
  let jaeger: RunningBackend;
  let service: RunningService | undefined;
  let fixture: ReturnType<typeof copyFixture>;
  let init: Awaited<ReturnType<typeof initService>>;
  const env = { NEXT_TELEMETRY_DISABLED: '1' };

  beforeAll(async () => {
    jaeger = await startJaeger();
    fixture = copyFixture('node-next-axios');
    init = await initService(fixture.dir, jaeger, env);
    const steps = (JSON.parse(init.stdout) as { nextSteps: string[] }).nextSteps;
    expect(steps[0]).toContain('npm run build && npm start');
    const build = await execa('npm', ['run', 'build'], { cwd: fixture.dir, env, reject: false, timeout: 600_000 });
    if (build.exitCode !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    const start: StartCommand[] = init.startCommands;
    service = await startService(fixture.dir, { start, env });
  }, 900_000);

  afterAll(async () => {
    await service?.process.stop();
    await jaeger?.stop();
    fixture?.cleanup();
  });

  it('init writes the instrumentation hook and the setup, pins the 2.x line, leaves the start script alone', () => {
    for (const f of ['tracing.mjs', 'instrumentation.js', 'telemetry.js'])
      expect(init.stderr).toContain(`create    ${f}`);
    const hook = readFileSync(path.join(fixture.dir, 'instrumentation.js'), 'utf8');
    expect(hook).toContain('process.cwd() + "/tracing.mjs"');
    const pkg = readJson(path.join(fixture.dir, 'package.json'));
    expect(pkg.scripts.start).toBe('next start');
    expect(pkg.dependencies['@opentelemetry/instrumentation']).toBe('0.223.0');
    expect(init.startCommands).toEqual([{ argv: ['npm', 'start'], cwd: '.' }]);
  });

  it('a request calling another route is one trace: Next server span → axios client span → downstream', async () => {
    const res = await request(service!.base, '/checkout/A-17');
    expect(res.status, res.body).toBe(200);
    const spans = await spansOf(jaeger, res.traceId, 4);
    for (const s of spans) expect(s.serviceName).toBe('storefront-next');
    const upstream = serverSpanOf(spans, '/checkout/[id]');
    expect(upstream.name).toBe('GET /checkout/[id]');
    expect(statusOf(upstream)).toBe(200);
    expect(upstream.parentSpanId, 'one server span per request: Next.js makes it').toBeUndefined();
    const downstream = serverSpanOf(spans, '/inventory/[id]');
    expect(statusOf(downstream)).toBe(200);
    const client = spans.find((s) => s.spanId === downstream.parentSpanId);
    expect(client?.kind, 'the downstream server span is a child of a client span').toBe('client');
    expect(descendsFrom(spans, client!, upstream), 'the client span is under the upstream server span').toBe(true);
    const manual = spans.find((s) => s.name === 'checkout.prepare');
    expect(descendsFrom(spans, client!, manual!), 'the call was made inside the manual span').toBe(true);
    const baggage = spans.find((s) => s.name === 'inventory.lookup');
    expect(baggage?.attributes['tenant.id'], 'baggage set upstream is read downstream').toBe('acme');
  });

  it('a route that throws gives an error server span and a recorded exception (in the caller’s trace)', async () => {
    // Next.js answers the error itself, without the route's headers: the trace is the one the request carries.
    const traceId = randomBytes(16).toString('hex');
    const res = await request(service!.base, '/boom', {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    });
    expect(res.status).toBe(500);
    const spans = await spansOf(jaeger, traceId, 1);
    const server = serverSpanOf(spans, '/boom');
    expect(statusOf(server)).toBe(500);
    expect(server.status).toBe('error');
    const failed = spans.find((s) => s.status === 'error' && s.events.some((e) => e.name === 'exception'));
    const seen = JSON.stringify(spans.map((s) => [s.name, s.status, s.events.map((e) => e.name)]));
    expect(failed, `a span with error status and an exception event in ${seen}`).toBeDefined();
    const exception = failed!.events.find((e) => e.name === 'exception')!;
    expect(String(exception.attributes['exception.message'])).toContain('boom');
  });
});
