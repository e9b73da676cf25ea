import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import { findTrace } from '../../src/otel/find-trace.js';
import { type SendProtocol, sendTrace } from '../../src/otel/send-trace.js';
import { type RunningBackend, startCollector, startJaeger, startZipkin } from '../support/backends.js';

/**
 * The harness self-test: real Jaeger, Zipkin and Collector processes, a trace sent with the
 * official OpenTelemetry JS SDK, read back by trace id from each backend's query API.
 */
let jaeger: RunningBackend;
let zipkin: RunningBackend;
let collector: RunningBackend;

beforeAll(async () => {
  [jaeger, zipkin] = await Promise.all([startJaeger(), startZipkin()]);
  collector = await startCollector({ exportTo: zipkin });
}, 180_000);

afterAll(async () => {
  await Promise.all([collector?.stop(), jaeger?.stop(), zipkin?.stop()]);
});

async function roundTrip(protocol: SendProtocol, url: string, backend: 'jaeger' | 'zipkin', queryUrl: string) {
  const serviceName = `harness-${protocol}-${backend}`;
  const sent = await sendTrace({
    protocol,
    url,
    serviceName,
    attributes: { 'tracekit.test': protocol },
    timeoutMs: 5000,
  });
  const found = await findTrace({ query: backendById(backend).query, url: queryUrl }, sent.traceId, {
    timeoutMs: 20_000,
    minSpans: 2,
  });
  expect(found.lastError).toBeUndefined();
  const root = found.spans.find((s) => s.spanId === sent.rootSpanId);
  const child = found.spans.find((s) => s.spanId === sent.childSpanId);
  expect(root?.name).toBe(sent.rootName);
  expect(root?.serviceName).toBe(serviceName);
  expect(root?.parentSpanId).toBeUndefined();
  expect(child?.parentSpanId).toBe(sent.rootSpanId);
  expect(child?.attributes['tracekit.test']).toBe(protocol);
}

describe('harness: real backends as processes', () => {
  it('Jaeger receives OTLP/HTTP and returns the trace by id', async () => {
    await roundTrip('http', `${jaeger.otlpHttp}/v1/traces`, 'jaeger', jaeger.queryUrl!);
  });

  it('Jaeger receives OTLP/gRPC and returns the trace by id', async () => {
    await roundTrip('grpc', jaeger.otlpGrpc!, 'jaeger', jaeger.queryUrl!);
  });

  it('the Collector forwards OTLP/HTTP to Zipkin, which returns the trace by id', async () => {
    await roundTrip('http', `${collector.otlpHttp}/v1/traces`, 'zipkin', zipkin.queryUrl!);
  });

  it('the Collector forwards OTLP/gRPC to Zipkin', async () => {
    await roundTrip('grpc', collector.otlpGrpc!, 'zipkin', zipkin.queryUrl!);
  });

  it('Zipkin receives Zipkin JSON directly', async () => {
    await roundTrip('zipkin', zipkin.zipkinSpans!, 'zipkin', zipkin.queryUrl!);
  });

  it('an unknown trace id is not found (the query really discriminates)', async () => {
    const found = await findTrace({ query: backendById('jaeger').query, url: jaeger.queryUrl! }, 'ab'.repeat(16), {
      timeoutMs: 1500,
    });
    expect(found.spans).toEqual([]);
    expect(found.lastError).toBeUndefined();
  });
});
