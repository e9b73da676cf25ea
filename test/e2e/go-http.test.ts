import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { copyGoFixture, go, gofmtList, startGoService, theSpan, tracedGet, tracekit } from '../support/go-service.js';
import type { RunningProcess } from '../support/processes.js';

/**
 * `tracekit init --yes` on a net/http service (test/fixtures/go-http) that calls its own
 * inventory endpoint over HTTP and reads SQLite through database/sql. init writes
 * internal/tracing, edits main.go, runs `go get` and `go mod tidy` against the Go module
 * proxy; the test builds and runs the service and reads its traces back from a real Jaeger.
 * The fixture's main.go is plain, uninstrumented code: every tracing line in it is init's
 * edit. Only the manual span and the queue message (pricing_traced.go, build tag `tracekit`)
 * are user code written against the generated helpers: init cannot write business logic.
 */
let jaeger: RunningBackend;
let dir: string;
let initOutput: string;
let service: { url: string; process: RunningProcess };

beforeAll(async () => {
  jaeger = await startJaeger();
  dir = copyGoFixture('go-http');
  const r = await tracekit(dir, ['init', '--yes', '--json', '--endpoint', jaeger.otlpHttp!]);
  initOutput = r.stderr;
  if (r.exitCode !== 0) throw new Error(`tracekit init failed (${r.exitCode}):\n${r.stderr}`);
  service = await startGoService(dir, JSON.parse(r.stdout).startCommands);
}, 15 * 60_000);

afterAll(async () => {
  await Promise.all([service?.process.stop(), jaeger?.stop()]);
});

describe('Go net/http + database/sql service, instrumented by tracekit init, traced into Jaeger', () => {
  it('init applied the main lines, installed the pinned modules, and printed the next steps', () => {
    const main = readFileSync(path.join(dir, 'main.go'), 'utf8');
    expect(main).toContain('stopTracing := tracing.Init(context.Background())\n\tdefer stopTracing()');
    expect(main).toContain('http.ListenAndServe(addr, tracing.HTTPHandler(mux))');
    expect(main).toContain('tracing.HTTPClient.Do(req)');
    expect(main).toContain('tracing.OpenDB("sqlite"');
    expect(main).not.toContain('"database/sql"');
    const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8');
    expect(goMod).toMatch(/go\.opentelemetry\.io\/otel v1\.47\.0\n/);
    expect(goMod).toMatch(/github\.com\/XSAM\/otelsql v0\.44\.0\n/);
    expect(initOutput).toContain('$ go mod tidy');
    expect(initOutput).toMatch(/Next steps:[\s\S]*tracing\.Init/);
  });

  it('the generated files and the edited main.go are gofmt-clean and pass go vet', async () => {
    expect(await gofmtList(dir, ['internal/tracing', 'main.go'])).toBe('');
    await go(dir, ['vet', '-tags', 'tracekit', './...']);
  }, 120_000);

  it('joins the incoming traceparent; links the HTTP hop and a queue message; SQL, a span, baggage', async () => {
    const t = await tracedGet(`${service.url}/orders/tea`, jaeger.queryUrl!, 6);
    expect(t.status, t.body).toBe(200);
    expect(t.lastError).toBeUndefined();
    const { spans } = t;
    expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(['shop']));

    const order = theSpan(spans, 'orders server span', (s) => s.kind === 'server' && s.name === 'GET /orders/{sku}');
    expect(order.parentSpanId).toBe(t.parentSpanId);
    expect(order.attributes['http.route']).toBe('/orders/{sku}');
    const call = theSpan(spans, 'HTTP client span', (s) => s.kind === 'client' && s.name === 'HTTP GET');
    expect(call.parentSpanId).toBe(order.spanId);
    const inventory = theSpan(
      spans,
      'inventory server span',
      (s) => s.kind === 'server' && s.name === 'GET /inventory/{sku}',
    );
    expect(inventory.parentSpanId).toBe(call.spanId);

    const query = theSpan(spans, 'SQL query span', (s) =>
      Object.values(s.attributes).some((v) => String(v).includes('SELECT count FROM stock')),
    );
    expect(query.parentSpanId).toBe(inventory.spanId);
    expect(query.attributes['db.system.name']).toBe('sqlite');

    const price = theSpan(spans, 'manual span', (s) => s.name === 'price');
    expect(price.parentSpanId).toBe(inventory.spanId);
    expect(price.attributes).toMatchObject({ 'shop.sku': 'tea', 'shop.count': 7, 'shop.tenant': 'acme' });

    // A queue message: tracing.InjectMessageHeaders into its headers, ExtractMessageContext in the consumer.
    const restock = theSpan(spans, 'consumer span', (s) => s.name === 'restock');
    expect(restock.parentSpanId).toBe(price.spanId);
    expect(restock.attributes['shop.tenant']).toBe('acme');
  }, 60_000);

  it('marks the server span of a failing handler as an error', async () => {
    const t = await tracedGet(`${service.url}/fail`, jaeger.queryUrl!, 1);
    expect(t.status).toBe(500);
    const fail = theSpan(t.spans, 'fail server span', (s) => s.kind === 'server');
    expect(fail.name).toBe('GET /fail');
    expect(fail.status).toBe('error');
    expect(fail.attributes['http.response.status_code']).toBe(500);
  }, 60_000);

  it('a second init changes nothing', async () => {
    const r = await tracekit(dir, ['init', '--yes', '--endpoint', jaeger.otlpHttp!]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing to change');
  }, 60_000);
});
