import { describe, expect, it } from 'vitest';
import { tempoQuery } from '../../../src/backends/tempo/query.js';
import { findTrace } from '../../../src/otel/find-trace.js';

/**
 * Tempo cannot run here (AGPL: never installed or built on this machine), so its query adapter is
 * tested on response bodies shaped as Tempo documents them for GET /api/traces/{id}: the older
 * `batches` form (with `instrumentationLibrarySpans` before OTLP 0.15) and the current `resourceSpans`
 * form. Tempo marshals protobuf JSON: ids in base64, kinds as enum names, int64 values as strings.
 */
const TRACE_HEX = '5b8efff798038103d269b633813fc60c';
const ROOT_HEX = 'eee19b7ec3c1b173';
const CHILD_HEX = '0a1b2c3d4e5f6071';
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });

const spans = [
  {
    traceId: b64(TRACE_HEX),
    spanId: b64(ROOT_HEX),
    parentSpanId: '',
    name: 'POST /orders',
    kind: 'SPAN_KIND_SERVER',
    startTimeUnixNano: '1746259200000000000',
    endTimeUnixNano: '1746259200145000000',
    attributes: [str('http.route', '/orders'), { key: 'http.status_code', value: { intValue: '201' } }],
    status: { code: 'STATUS_CODE_OK' },
  },
  {
    traceId: b64(TRACE_HEX),
    spanId: b64(CHILD_HEX),
    parentSpanId: b64(ROOT_HEX),
    name: 'db.insert',
    kind: 'SPAN_KIND_CLIENT',
    attributes: [{ key: 'tracekit.synthetic', value: { boolValue: true } }],
    status: { code: 'STATUS_CODE_ERROR', message: 'duplicate key' },
    events: [{ name: 'exception', attributes: [str('exception.message', 'duplicate key')] }],
  },
];
const resource = { attributes: [str('service.name', 'order-service'), str('service.version', '1.4.2')] };

/** Tempo before 2.6 (and before OTLP 0.15 inside it): top-level `batches`, `instrumentationLibrarySpans`. */
const OLDER_BODY = {
  batches: [
    {
      resource,
      instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'go.opentelemetry.io/otel/sdk/trace' }, spans }],
    },
  ],
};
/** Tempo 2.6 and later: top-level `resourceSpans`, `scopeSpans`. */
const CURRENT_BODY = {
  resourceSpans: [
    { resource, scopeSpans: [{ scope: { name: 'go.opentelemetry.io/otel/sdk/trace', version: 'v1.21.0' }, spans }] },
  ],
};

function expectTheTrace(found: ReturnType<typeof tempoQuery.parse>) {
  expect(found).toHaveLength(2);
  const [root, child] = found!;
  expect(root).toMatchObject({
    traceId: TRACE_HEX,
    spanId: ROOT_HEX,
    name: 'POST /orders',
    serviceName: 'order-service',
    kind: 'server',
    status: 'ok',
    attributes: { 'http.route': '/orders', 'http.status_code': 201 },
  });
  expect(root!.parentSpanId).toBeUndefined();
  expect(child).toMatchObject({
    spanId: CHILD_HEX,
    parentSpanId: ROOT_HEX,
    kind: 'client',
    status: 'error',
    attributes: { 'tracekit.synthetic': true },
  });
  expect(child!.events).toEqual([{ name: 'exception', attributes: { 'exception.message': 'duplicate key' } }]);
}

describe('Tempo query adapter (Tempo cannot run here: AGPL; bodies shaped as Tempo documents them)', () => {
  it('asks /api/traces/{id} on the query base URL', () => {
    expect(tempoQuery.traceUrl('http://tempo:3200/', TRACE_HEX)).toBe(`http://tempo:3200/api/traces/${TRACE_HEX}`);
  });

  it('reads the older `batches` form (instrumentationLibrarySpans, base64 ids)', () => {
    expectTheTrace(tempoQuery.parse(200, OLDER_BODY));
  });

  it('reads the current `resourceSpans` form (scopeSpans, base64 ids)', () => {
    expectTheTrace(tempoQuery.parse(200, CURRENT_BODY));
  });

  it('reads `batches` with scopeSpans and uppercase hex ids (as some releases and proxies emit)', () => {
    const hexSpans = spans.map((s) => ({
      ...s,
      traceId: TRACE_HEX.toUpperCase(),
      spanId: Buffer.from(s.spanId, 'base64').toString('hex').toUpperCase(),
      parentSpanId: s.parentSpanId ? ROOT_HEX.toUpperCase() : '',
    }));
    expectTheTrace(tempoQuery.parse(200, { batches: [{ resource, scopeSpans: [{ spans: hexSpans }] }] }));
  });

  it('a 404 means not there yet; a body of neither form is an error', () => {
    expect(tempoQuery.parse(404, 'trace not found')).toBeUndefined();
    expect(() => tempoQuery.parse(200, { traces: [] })).toThrow(/without resourceSpans or batches/);
  });

  it('findTrace polls Tempo until the spans are there (fake fetch answering as Tempo would)', async () => {
    let calls = 0;
    const fetch = (async (url: string) => {
      calls++;
      expect(url).toBe(`http://tempo:3200/api/traces/${TRACE_HEX}`);
      return calls < 3
        ? new Response('trace not found', { status: 404 })
        : new Response(JSON.stringify(CURRENT_BODY), { status: 200 });
    }) as unknown as typeof import('undici').fetch;
    const found = await findTrace({ query: tempoQuery, url: 'http://tempo:3200' }, TRACE_HEX, {
      timeoutMs: 5000,
      minSpans: 2,
      settleMs: 0,
      fetch,
    });
    expect(found.spans.map((s) => s.name)).toEqual(['POST /orders', 'db.insert']);
    expect(found.attempts).toBe(3);
  });
});
