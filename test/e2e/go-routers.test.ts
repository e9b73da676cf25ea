import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { copyGoFixture, go, gofmtList, startGoService, theSpan, tracedGet, tracekit } from '../support/go-service.js';
import type { RunningProcess } from '../support/processes.js';

/**
 * gin and chi services (test/fixtures/go-gin, go-chi): `tracekit init --yes` detects the
 * router, writes its middleware, adds `r.Use(...)` to main.go (and does not also wrap the
 * handler, which would make two server spans per request), installs the pinned modules,
 * and the test reads the services' spans back from a real Jaeger.
 */
let jaeger: RunningBackend;
const services: Record<string, { dir: string; url: string; process: RunningProcess }> = {};

const ROUTERS = [
  {
    fixture: 'go-gin',
    service: 'storefront',
    use: 'r.Use(tracing.GinMiddleware())',
    route: '/items/:id',
    failStatus: 503,
  },
  { fixture: 'go-chi', service: 'catalog', use: 'r.Use(tracing.ChiMiddleware)', route: '/items/{id}', failStatus: 503 },
] as const;

beforeAll(async () => {
  jaeger = await startJaeger();
  for (const r of ROUTERS) {
    const dir = copyGoFixture(r.fixture);
    const init = await tracekit(dir, ['init', '--yes', '--json', '--endpoint', jaeger.otlpHttp!]);
    if (init.exitCode !== 0)
      throw new Error(`tracekit init in ${r.fixture} failed (${init.exitCode}):\n${init.stderr}`);
    services[r.fixture] = { dir, ...(await startGoService(dir, JSON.parse(init.stdout).startCommands)) };
  }
}, 20 * 60_000);

afterAll(async () => {
  await Promise.all([...Object.values(services).map((s) => s.process.stop()), jaeger?.stop()]);
});

describe.each(ROUTERS)('Go $fixture service instrumented by tracekit init', (r) => {
  it('uses the router middleware in main.go, gofmt-clean and go vet clean', async () => {
    const { dir } = services[r.fixture]!;
    const main = readFileSync(path.join(dir, 'main.go'), 'utf8');
    expect(main).toContain(`\t${r.use}\n`);
    expect(main).not.toContain('tracing.HTTPHandler(');
    expect(await gofmtList(dir, ['internal/tracing', 'main.go'])).toBe('');
    await go(dir, ['vet', './...']);
  }, 120_000);

  it('names the server span by route and joins the incoming traceparent', async () => {
    const t = await tracedGet(`${services[r.fixture]!.url}/items/42`, jaeger.queryUrl!, 1);
    expect(t.status, t.body).toBe(200);
    const span = theSpan(t.spans, 'server span', (s) => s.kind === 'server');
    expect(span).toMatchObject({
      name: `GET ${r.route}`,
      parentSpanId: t.parentSpanId,
      serviceName: r.service,
      status: 'unset',
    });
    expect(span.attributes['http.route']).toBe(r.route);
  }, 60_000);

  it('marks a failing route as an error', async () => {
    const t = await tracedGet(`${services[r.fixture]!.url}/fail`, jaeger.queryUrl!, 1);
    expect(t.status).toBe(r.failStatus);
    const span = theSpan(t.spans, 'server span', (s) => s.kind === 'server');
    expect(span).toMatchObject({ name: 'GET /fail', status: 'error' });
    expect(span.attributes['http.response.status_code']).toBe(r.failStatus);
  }, 60_000);
});
