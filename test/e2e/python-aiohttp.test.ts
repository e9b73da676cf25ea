import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, serverSpan, spansOf, statusCodeOf, tracekit, usePythonService } from './python-service.js';

/**
 * aiohttp, server and client, started as init prints it (`python app.py`, whose web.run_app
 * serves the app): the official aiohttp-server and aiohttp-client instrumentations at the
 * pinned 0.66b1 line, read back from a real Jaeger.
 */
const run = usePythonService({ fixture: 'python-aiohttp', listen: (port) => ({ PORT: String(port) }) });

describe("tracekit init on an aiohttp service (web.run_app, init's command)", () => {
  it('detects aiohttp, pins both instrumentations and imports tracing first in app.py', async () => {
    const dry = await tracekit(run.svc, 'init', '--dry-run', '--endpoint', run.jaeger.otlpHttp!);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/framework: aiohttp; .*libraries: aiohttp-client/);
    const req = readFileSync(path.join(run.svc.dir, 'requirements.txt'), 'utf8');
    expect(req).toMatch(/^opentelemetry-instrumentation-aiohttp-server==0\.66b1$/m);
    expect(req).toMatch(/^opentelemetry-instrumentation-aiohttp-client==0\.66b1$/m);
    expect(readFileSync(path.join(run.svc.dir, 'app.py'), 'utf8')).toMatch(/"""\n\nimport tracing {2}# noqa/);
    expect(run.startCommands).toEqual([{ argv: [path.join(run.svc.venv, 'bin', 'python'), 'app.py'], cwd: '.' }]);
  });

  it('a server span with http.route and status, the aiohttp client span its child, reaching /downstream', async () => {
    const chain = await call(run.base, '/chain');
    expect(chain.status, chain.body).toBe(200);
    const spans = await spansOf(run.jaeger, chain.traceId, 3);
    for (const s of spans) expect(s.serviceName).toBe('python-aiohttp');
    const upstream = serverSpan(spans, '/chain', chain.parentId);
    expect(upstream.attributes['http.route']).toBe('/chain');
    expect(statusCodeOf(upstream)).toBe(200);
    const client = spans.find((s) => s.kind === 'client' && s.parentSpanId === upstream.spanId);
    expect(client, JSON.stringify(spans.map((s) => [s.name, s.kind]))).toBeDefined();
    expect(statusCodeOf(client!)).toBe(200);
    expect(serverSpan(spans, '/downstream', client!.spanId).attributes['http.route']).toBe('/downstream');
  }, 120_000);

  it('the error route gives an error server span with an exception event', async () => {
    const boom = await call(run.base, '/boom');
    expect(boom.status).toBe(500);
    const spans = await spansOf(run.jaeger, boom.traceId, 1);
    const failed = serverSpan(spans, '/boom', boom.parentId);
    expect(failed.status).toBe('error');
    const exception = failed.events.find((e) => e.name === 'exception');
    expect(exception?.attributes['exception.type']).toMatch(/RuntimeError/);
    expect(String(exception?.attributes['exception.message'])).toContain('boom: the sample error route');
  }, 120_000);
});
