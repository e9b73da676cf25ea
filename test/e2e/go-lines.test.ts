import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import { GO_OTEL_SETS } from '../../src/languages/go/versions.js';
import { findTrace } from '../../src/otel/find-trace.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import {
  copyGoFixture,
  go,
  type InitJson,
  initGo,
  newTraceparent,
  startGoService,
  theSpan,
  tracedGet,
} from '../support/go-service.js';

/**
 * Go modules on older go lines keep their go directive: the go-http service (net/http +
 * database/sql) with the go.mod and go.sum of a module at go 1.22 (the oldest supported line)
 * and at go 1.25 (test/fixtures/go-http-go122, -go125: an older SQLite driver that builds on
 * that line). init picks the pinned set for the line, everything is built with the machine's
 * Go (GOTOOLCHAIN=local), the service is started with the command init printed, and its spans
 * are read back from Jaeger, including those of a request made right before SIGTERM.
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');
const LINES = [
  { line: '1.22', overlay: 'go-http-go122' },
  { line: '1.25', overlay: 'go-http-go125' },
] as const;

let jaeger: RunningBackend;
beforeAll(async () => {
  jaeger = await startJaeger();
}, 120_000);
afterAll(async () => {
  await jaeger?.stop();
});

for (const { line, overlay } of LINES) {
  const set = GO_OTEL_SETS.find((s) => s.goLine === line)!;

  describe(`a go ${line} module (net/http + database/sql)`, () => {
    let dir: string;
    let init: { json: InitJson; stderr: string };

    beforeAll(async () => {
      dir = copyGoFixture('go-http');
      cpSync(path.join(REPO, 'test', 'fixtures', overlay), dir, { recursive: true });
      init = await initGo(dir, ['--yes', '--endpoint', jaeger.otlpHttp!]);
    }, 15 * 60_000);

    it(`gets the go ${line} set (otel ${set.otel}, contrib ${set.contrib}) and keeps its go line`, () => {
      const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8');
      expect(goMod).toMatch(new RegExp(`^go ${line.replace('.', '\\.')}\\.0$`, 'm'));
      expect(goMod).not.toMatch(/^toolchain /m);
      expect(goMod).toContain(`go.opentelemetry.io/otel ${set.otel}\n`);
      expect(goMod).toContain(`go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp ${set.contrib}\n`);
      expect(goMod).toContain(`github.com/XSAM/otelsql ${set.otelsql}\n`);
      expect(readFileSync(path.join(dir, 'internal/tracing/tracing.go'), 'utf8')).toContain(
        `"go.opentelemetry.io/otel/semconv/${set.semconv}"`,
      );
      expect(init.stderr).toContain(`go ${line}.0 (go.mod): OpenTelemetry Go ${set.otel}`);
      expect(init.stderr).not.toMatch(/^! /m);
      expect(init.json.startCommands).toEqual([{ argv: ['go', 'run', '.'], cwd: '.' }]);
    });

    it('go vet is clean (with the build tag of the user code calling the helpers)', async () => {
      await go(dir, ['vet', '-tags', 'tracekit', './...']);
    }, 300_000);

    it('its spans reach Jaeger: server spans named by route, the HTTP hop and the SQL query', async () => {
      const service = await startGoService(dir, init.json.startCommands);
      try {
        const t = await tracedGet(`${service.url}/orders/tea`, jaeger.queryUrl!, 6);
        expect(t.status, t.body).toBe(200);
        const order = theSpan(
          t.spans,
          'orders server span',
          (s) => s.kind === 'server' && s.name === 'GET /orders/{sku}',
        );
        expect(order.parentSpanId).toBe(t.parentSpanId);
        expect(order.attributes['http.route']).toBe('/orders/{sku}');
        const inventory = theSpan(t.spans, 'inventory span', (s) => s.name === 'GET /inventory/{sku}');
        const query = theSpan(t.spans, 'SQL query span', (s) =>
          Object.values(s.attributes).some((v) => String(v).includes('SELECT count FROM stock')),
        );
        expect(query.parentSpanId).toBe(inventory.spanId);
        expect(query.attributes['db.system.name']).toBe('sqlite');
      } finally {
        await service.process.stop();
      }
    }, 300_000);

    it('a request right before SIGTERM: its spans are flushed, and the process ends', async () => {
      // An export delay far longer than the test: only the flush on SIGTERM can deliver them.
      const service = await startGoService(dir, init.json.startCommands, [], { OTEL_BSP_SCHEDULE_DELAY: '600000' });
      const tp = newTraceparent();
      const res = await fetch(`${service.url}/orders/cake`, { headers: { traceparent: tp.header } });
      expect(res.status).toBe(200);
      const stopped = Date.now();
      await service.process.stop();
      // stop() waits up to 5 s for the group, then kills: the service ended on SIGTERM by itself.
      expect(Date.now() - stopped).toBeLessThan(5000);
      const found = await findTrace({ query: backendById('jaeger').query, url: jaeger.queryUrl! }, tp.traceId, {
        timeoutMs: 30_000,
        minSpans: 5,
      });
      expect(found.spans.map((s) => s.name)).toEqual(expect.arrayContaining(['GET /orders/{sku}', 'price']));
      expect(service.process.logTail()).not.toContain('tracing: flushing spans');
    }, 300_000);
  });
}
