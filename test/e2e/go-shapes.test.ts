import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import { findTrace } from '../../src/otel/find-trace.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import {
  copyGoFixture,
  go,
  gofmtList,
  type InitJson,
  initGo,
  newTraceparent,
  startGoService,
  theSpan,
  tracedGet,
  tracekit,
} from '../support/go-service.js';

/**
 * Real-world shapes of a Go main.go (test/fixtures/go-shapes/<shape>, a module each, all built
 * with the shared Go module and build caches): `tracekit init` edits each with Go's own parser
 * and printer (go-tools/mainedit), the result is gofmt-clean and `go vet` clean, the service
 * started with the command init printed answers a request whose SERVER span, with the module's
 * service name, is found in one real Jaeger by its trace id, and a second init changes nothing.
 * A shape the editor cannot wire is refused: main.go unchanged, the changes printed, and run as
 * it is the service sends no span (what every other shape would do without the edit).
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');

interface Shape {
  fixture: string;
  /** The service name init takes from the module path. */
  service: string;
  /** What the edited main.go contains. */
  edited: string[];
  /** Spans the request makes in all; more checks of them beyond the server span. */
  spans?: number;
  more?: (spans: FoundSpan[], server: FoundSpan) => void;
}

const SHAPES: Shape[] = [
  {
    fixture: 'server-literal',
    service: 'server-literal',
    edited: ['srv := &http.Server{Addr: os.Getenv("ADDR"), Handler: tracing.HTTPHandler(mux), ReadHeaderTimeout:'],
  },
  { fixture: 'server-assign', service: 'server-assign', edited: ['\tsrv.Handler = tracing.HTTPHandler(mux)\n'] },
  {
    fixture: 'default-mux',
    service: 'default-mux',
    edited: ['http.ListenAndServe(os.Getenv("ADDR"), tracing.HTTPHandler(http.DefaultServeMux))'],
  },
  {
    fixture: 'alias-import',
    service: 'alias-import',
    edited: ['nethttp.ListenAndServe(os.Getenv("ADDR"), tracing.HTTPHandler(router))'],
  },
  { fixture: 'graceful', service: 'graceful', edited: ['\t\tHandler:           tracing.HTTPHandler(mux),\n'] },
  { fixture: 'listener', service: 'listener', edited: ['http.Serve(ln, tracing.HTTPHandler(logRequests(mux)))'] },
  { fixture: 'package-var', service: 'package-var', edited: ['\tHandler: tracing.HTTPHandler(routes()),\n'] },
  {
    fixture: 'sql-driver-dep',
    service: 'ledger',
    edited: ['db, err := tracing.OpenDB(store.Driver, ', 'Handler: tracing.HTTPHandler(mux)'],
    spans: 2,
    more: (spans, server) => {
      const query = theSpan(spans, 'SQL query span', (s) =>
        Object.values(s.attributes).some((v) => String(v).includes('SELECT count FROM greetings')),
      );
      expect(query.parentSpanId).toBe(server.spanId);
    },
  },
  {
    fixture: 'grpc-gateway',
    service: 'gateway',
    edited: [
      'gs := grpc.NewServer(tracing.GRPCServerOption())',
      'grpc.WithTransportCredentials(insecure.NewCredentials()), tracing.GRPCDialOption())',
      'http.ListenAndServe(os.Getenv("ADDR"), tracing.HTTPHandler(mux))',
    ],
    spans: 3,
    more: (spans, server) => {
      const client = theSpan(spans, 'gRPC client span', (s) => s.kind === 'client');
      expect(client.parentSpanId).toBe(server.spanId);
      const check = theSpan(spans, 'gRPC server span', (s) => s.kind === 'server' && s.name.includes('Health/Check'));
      expect(check.parentSpanId).toBe(client.spanId);
    },
  },
  { fixture: 'chi-server', service: 'menu', edited: ['\tr := chi.NewRouter()\n\tr.Use(tracing.ChiMiddleware)\n'] },
];

const original = (fixture: string) =>
  readFileSync(path.join(REPO, 'test', 'fixtures', 'go-shapes', fixture, 'main.go'), 'utf8');

let jaeger: RunningBackend;
beforeAll(async () => {
  jaeger = await startJaeger();
}, 120_000);
afterAll(async () => {
  await jaeger?.stop();
});

describe.each(SHAPES)('main.go shape $fixture', (shape) => {
  let dir: string;
  let init: { json: InitJson; stderr: string };

  beforeAll(async () => {
    dir = copyGoFixture(`go-shapes/${shape.fixture}`);
    init = await initGo(dir, ['--yes', '--endpoint', jaeger.otlpHttp!]);
  }, 10 * 60_000);

  it('is edited by init: gofmt-clean, go vet clean, nothing left to do by hand', async () => {
    const main = readFileSync(path.join(dir, 'main.go'), 'utf8');
    for (const line of shape.edited) expect(main).toContain(line);
    expect(main).toContain('\tstopTracing := tracing.Init(context.Background())\n\tdefer stopTracing()\n');
    expect(init.json.nextSteps.filter((s) => s.startsWith('By hand:'))).toEqual([]);
    expect(await gofmtList(dir, ['main.go'])).toBe('');
    await go(dir, ['vet', './...']);
  }, 300_000);

  it('started as init printed, a request makes a SERVER span in Jaeger under the service name', async () => {
    const service = await startGoService(dir, init.json.startCommands);
    try {
      const t = await tracedGet(`${service.url}/hello/tea`, jaeger.queryUrl!, shape.spans ?? 1);
      expect(t.status, t.body).toBe(200);
      const server = theSpan(t.spans, 'HTTP server span', (s) => s.kind === 'server' && s.name.startsWith('GET'));
      expect(server).toMatchObject({ name: 'GET /hello/{name}', serviceName: shape.service });
      expect(server.parentSpanId).toBe(t.parentSpanId);
      shape.more?.(t.spans, server);
    } finally {
      await service.process.stop();
    }
  }, 300_000);

  it('a second init changes nothing', async () => {
    const before = readFileSync(path.join(dir, 'main.go'), 'utf8');
    const r = await tracekit(dir, ['init', '--yes', '--endpoint', jaeger.otlpHttp!]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing to change');
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe(before);
  }, 300_000);
});

describe('a main.go shape the editor cannot wire (the server is built in another file)', () => {
  let dir: string;
  let init: { json: InitJson; stderr: string };

  beforeAll(async () => {
    dir = copyGoFixture('go-shapes/unknown');
    init = await initGo(dir, ['--yes', '--endpoint', jaeger.otlpHttp!]);
  }, 10 * 60_000);

  it('is left unchanged, and the next steps give the exact changes', () => {
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe(original('unknown'));
    expect(init.json.nextSteps).toEqual(
      expect.arrayContaining([
        'main.go was left as it is (a shape tracekit cannot edit safely); change it:',
        'By hand: line 12: srv.ListenAndServe() starts a server whose handler tracekit cannot find in this file: ' +
          'wrap that handler where it is built, Handler: tracing.HTTPHandler(h).',
        'By hand: import "example.com/unknown/internal/tracing".',
        'By hand: line 10, at the start of main: add stopTracing := tracing.Init(context.Background()); ' +
          'defer stopTracing() (and import "context").',
      ]),
    );
  });

  it('run as it is, it sends no span: the edit is what makes the spans of the other shapes', async () => {
    const service = await startGoService(dir, init.json.startCommands);
    try {
      const tp = newTraceparent();
      const res = await fetch(`${service.url}/hello/tea`, { headers: { traceparent: tp.header } });
      expect(res.status).toBe(200);
      const found = await findTrace({ query: backendById('jaeger').query, url: jaeger.queryUrl! }, tp.traceId, {
        timeoutMs: 5_000,
      });
      expect(found.spans).toEqual([]);
    } finally {
      await service.process.stop();
    }
  }, 300_000);
});
