import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { copyGoFixture, go, gofmtList, startGoService, theSpan, tracedGet, tracekit } from '../support/go-service.js';
import type { RunningProcess } from '../support/processes.js';

/**
 * `tracekit init --yes --protocol grpc` on a gRPC service with a client (test/fixtures/go-grpc):
 * an HTTP front calls the gRPC health service of the same process over a client connection.
 * init edits main.go (grpc.NewServer and grpc.NewClient get the otelgrpc stats handlers), runs
 * `go get` / `go mod tidy` against the Go module proxy; the service exports over OTLP/gRPC to
 * a real Jaeger. The manual span (inspect_traced.go, build tag `tracekit`) is user code
 * written against the generated helpers; main.go's tracing lines are all init's edits.
 */
let jaeger: RunningBackend;
let dir: string;
let service: { url: string; process: RunningProcess };

beforeAll(async () => {
  jaeger = await startJaeger();
  dir = copyGoFixture('go-grpc');
  const r = await tracekit(dir, ['init', '--yes', '--json', '--protocol', 'grpc', '--endpoint', jaeger.otlpGrpc!]);
  if (r.exitCode !== 0) throw new Error(`tracekit init failed (${r.exitCode}):\n${r.stderr}`);
  service = await startGoService(dir, JSON.parse(r.stdout).startCommands, ['GRPC_ADDR']);
}, 15 * 60_000);

afterAll(async () => {
  await Promise.all([service?.process.stop(), jaeger?.stop()]);
});

const CHECK = 'grpc.health.v1.Health/Check';

describe('Go gRPC service and client, instrumented by tracekit init, traced into Jaeger over OTLP/gRPC', () => {
  it('init added the stats handlers to the gRPC server and client, and the exporter is OTLP/gRPC', async () => {
    const main = readFileSync(path.join(dir, 'main.go'), 'utf8');
    expect(main).toContain('grpc.NewServer(tracing.GRPCServerOption())');
    expect(main).toContain('grpc.WithTransportCredentials(insecure.NewCredentials()), tracing.GRPCDialOption())');
    expect(readFileSync(path.join(dir, 'internal/tracing/grpc.go'), 'utf8')).toContain(
      'grpc.StatsHandler(otelgrpc.NewServerHandler())',
    );
    expect(readFileSync(path.join(dir, 'internal/tracing/tracing.go'), 'utf8')).toContain('otlptracegrpc.New(ctx');
    expect(await gofmtList(dir, ['internal/tracing', 'main.go'])).toBe('');
    await go(dir, ['vet', '-tags', 'tracekit', './...']);
  }, 120_000);

  it('links HTTP server → gRPC client → gRPC server → manual span in the incoming trace, with baggage', async () => {
    const t = await tracedGet(`${service.url}/check/web`, jaeger.queryUrl!, 4);
    expect(t.status, t.body).toBe(200);
    expect(t.lastError).toBeUndefined();
    expect(new Set(t.spans.map((s) => s.serviceName))).toEqual(new Set(['greeter']));
    const front = theSpan(t.spans, 'HTTP server span', (s) => s.kind === 'server' && s.name === 'GET /check/{service}');
    expect(front.parentSpanId).toBe(t.parentSpanId);
    const client = theSpan(t.spans, 'gRPC client span', (s) => s.kind === 'client' && s.name === CHECK);
    expect(client.parentSpanId).toBe(front.spanId);
    const server = theSpan(t.spans, 'gRPC server span', (s) => s.kind === 'server' && s.name === CHECK);
    expect(server.parentSpanId).toBe(client.spanId);
    const inspect = theSpan(t.spans, 'manual span', (s) => s.name === 'inspect');
    expect(inspect.parentSpanId).toBe(server.spanId);
    expect(inspect.attributes).toMatchObject({ 'greeter.service': 'web', 'greeter.tenant': 'acme' });
  }, 60_000);

  it('marks the gRPC server span of a failing call as an error', async () => {
    const t = await tracedGet(`${service.url}/check/broken`, jaeger.queryUrl!, 3);
    expect(t.status).toBe(502);
    const server = theSpan(t.spans, 'gRPC server span', (s) => s.kind === 'server' && s.name === CHECK);
    expect(server.status).toBe('error');
    expect(theSpan(t.spans, 'gRPC client span', (s) => s.kind === 'client').status).toBe('error');
    expect(theSpan(t.spans, 'HTTP server span', (s) => s.name === 'GET /check/{service}').status).toBe('error');
  }, 60_000);
});
