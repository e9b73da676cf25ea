import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import {
  copyGoFixture,
  go,
  gofmtList,
  type InitJson,
  initGo,
  startGoService,
  theSpan,
  tracedGet,
  tracekit,
} from '../support/go-service.js';
import type { RunningProcess } from '../support/processes.js';

/**
 * echo (test/fixtures/go-echo, go 1.22: the oldest pinned set) and gorilla/mux (go-mux, go 1.26):
 * `tracekit init --yes` detects the router, generates its middleware (contrib's otelecho and
 * otelmux are no longer released), adds `e.Use(...)` / `r.Use(...)` to main.go without also
 * wrapping the handler, and swaps http.DefaultClient for tracing.HTTPClient. Each service, started
 * with the command init printed, calls its own downstream route; the spans are read back from
 * one real Jaeger.
 */
let jaeger: RunningBackend;
const services: Record<string, { dir: string; init: InitJson; url: string; process: RunningProcess }> = {};

const ROUTERS = [
  {
    fixture: 'go-echo',
    service: 'orders',
    goLine: '1.22',
    use: 'e.Use(tracing.EchoMiddleware())',
    order: '/orders/:id',
    stock: '/stock/:sku',
  },
  {
    fixture: 'go-mux',
    service: 'pantry',
    goLine: '1.26',
    use: 'r.Use(tracing.MuxMiddleware)',
    order: '/orders/{id}',
    stock: '/stock/{sku}',
  },
] as const;

beforeAll(async () => {
  jaeger = await startJaeger();
  for (const r of ROUTERS) {
    const dir = copyGoFixture(r.fixture);
    const { json } = await initGo(dir, ['--yes', '--endpoint', jaeger.otlpHttp!]);
    services[r.fixture] = { dir, init: json, ...(await startGoService(dir, json.startCommands)) };
  }
}, 20 * 60_000);

afterAll(async () => {
  await Promise.all([...Object.values(services).map((s) => s.process.stop()), jaeger?.stop()]);
});

const serverSpan = (spans: FoundSpan[], name: string) =>
  theSpan(spans, `server span ${name}`, (s) => s.kind === 'server' && s.name === name);

describe.each(ROUTERS)('Go $fixture service instrumented by tracekit init', (r) => {
  it('uses the router middleware in main.go, keeps the go line, gofmt-clean and go vet clean', async () => {
    const { dir, init } = services[r.fixture]!;
    const main = readFileSync(path.join(dir, 'main.go'), 'utf8');
    expect(main).toContain(`\t${r.use}\n`);
    expect(main).toContain('tracing.HTTPClient.Do(req)');
    expect(main).not.toContain('tracing.HTTPHandler(');
    expect(init.nextSteps.filter((s) => s.startsWith('By hand:'))).toEqual([]);
    // `go get` may write 1.26 as 1.26.0; the line itself stays.
    expect(readFileSync(path.join(dir, 'go.mod'), 'utf8')).toMatch(new RegExp(`\ngo ${r.goLine}(\\.0)?\n`));
    expect(await gofmtList(dir, ['internal/tracing', 'main.go'])).toBe('');
    await go(dir, ['vet', './...']);
    await go(dir, ['vet', '-tags=tracekit', './...']);
  }, 300_000);

  it('names server spans by route template, with a client span to the downstream route', async () => {
    const t = await tracedGet(`${services[r.fixture]!.url}/orders/42`, jaeger.queryUrl!, 3);
    expect(t.status, t.body).toBe(200);
    const order = serverSpan(t.spans, `GET ${r.order}`);
    expect(order).toMatchObject({ parentSpanId: t.parentSpanId, serviceName: r.service, status: 'unset' });
    expect(order.attributes).toMatchObject({ 'http.route': r.order, 'http.response.status_code': 200 });
    const client = theSpan(t.spans, 'client span', (s) => s.kind === 'client');
    expect(client.parentSpanId).toBe(order.spanId);
    const stock = serverSpan(t.spans, `GET ${r.stock}`);
    expect(stock.parentSpanId).toBe(client.spanId);
    expect(stock.attributes['http.route']).toBe(r.stock);
  }, 60_000);

  it('marks a failing route as an error with its exception recorded', async () => {
    const t = await tracedGet(`${services[r.fixture]!.url}/fail`, jaeger.queryUrl!, 1);
    expect(t.status).toBe(500);
    const span = serverSpan(t.spans, 'GET /fail');
    expect(span).toMatchObject({ status: 'error' });
    expect(span.attributes).toMatchObject({ 'http.route': '/fail', 'http.response.status_code': 500 });
    const exception = span.events.find((e) => e.name === 'exception');
    expect(exception?.attributes['exception.message']).toBe('out of order');
  }, 60_000);

  it('a second init changes nothing', async () => {
    const { dir } = services[r.fixture]!;
    const before = readFileSync(path.join(dir, 'main.go'), 'utf8');
    const again = await tracekit(dir, ['init', '--yes', '--endpoint', jaeger.otlpHttp!]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('Nothing to change');
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe(before);
  }, 300_000);
});
