import type { fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { jaegerQuery } from '../../../src/backends/jaeger/query.js';
import { tempoQuery } from '../../../src/backends/tempo/query.js';
import { zipkinQuery } from '../../../src/backends/zipkin/query.js';
import type { QueryAdapter } from '../../../src/otel/query-adapter.js';
import { recentTraces } from '../../../src/otel/recent-traces.js';
import { jaegerBody, type SpanSpec, TRACE_ID, tempoBody, zipkinBody } from './audit-bodies.js';

const NOW = Date.parse('2026-12-02T01:00:00Z');
const query = { service: 'checkout', limit: 20, lookbackMs: 3_600_000, nowMs: NOW };
const spans: SpanSpec[] = [
  { id: 'a000000000000001', name: 'GET /orders/:id', kind: 'server', service: 'checkout' },
  { id: 'a000000000000002', parent: 'a000000000000001', name: 'price.compute', kind: 'internal', service: 'checkout' },
];

/** A query API answering each URL from a table (404 otherwise), recording what was asked. */
function backend(answers: Record<string, { status?: number; body: unknown }>) {
  const asked: string[] = [];
  const fetch = (async (url: string) => {
    asked.push(url);
    const a = answers[url];
    return new Response(JSON.stringify(a?.body ?? {}), { status: a ? (a.status ?? 200) : 404 });
  }) as unknown as typeof undiciFetch;
  return { asked, fetch };
}

const read = (adapter: QueryAdapter, fetch: typeof undiciFetch) =>
  recentTraces({ query: adapter, url: 'http://backend/' }, query, { requestTimeoutMs: 1000, fetch });

describe('recent traces of a service', () => {
  it("Jaeger: one /api/v3 search answers whole traces; 'No traces found' is an empty list", async () => {
    const url = jaegerQuery.recent!.url('http://backend/', query);
    expect(url).toBe(
      'http://backend/api/v3/traces?query.service_name=checkout&query.start_time_min=2026-12-02T00%3A00%3A00.000Z' +
        '&query.start_time_max=2026-12-02T01%3A00%3A00.000Z&query.num_traces=20',
    );
    const found = await read(jaegerQuery, backend({ [url]: { body: jaegerBody(spans) } }).fetch);
    expect(found.map((t) => t.map((s) => s.name))).toEqual([['GET /orders/:id', 'price.compute']]);
    const none = { status: 404, body: { error: { httpCode: 404, message: 'No traces found' } } };
    expect(await read(jaegerQuery, backend({ [url]: none }).fetch)).toEqual([]);
  });

  it('Zipkin: /api/v2/traces answers an array of traces, each an array of v2 spans', async () => {
    const url = zipkinQuery.recent!.url('http://backend', query);
    expect(url).toBe(`http://backend/api/v2/traces?serviceName=checkout&limit=20&lookback=3600000&endTs=${NOW}`);
    const found = await read(zipkinQuery, backend({ [url]: { body: [zipkinBody(spans), zipkinBody(spans)] } }).fetch);
    expect(found).toHaveLength(2);
    expect(found[0]![1]!.parentSpanId).toBe('a000000000000001');
  });

  it('Tempo: /api/search lists ids (leading zeros dropped), each then read from /api/traces/{id}', async () => {
    const url = tempoQuery.recent!.url('http://backend', query);
    expect(decodeURIComponent(url)).toBe(
      'http://backend/api/search?q={resource.service.name="checkout"}&limit=20&start=1796169600&end=1796173200',
    );
    // A trace id with leading zeros, as Tempo lists it: without them.
    const zeroLed = `00${TRACE_ID.slice(2)}`;
    const search = {
      traces: [{ traceID: TRACE_ID.slice(2), rootServiceName: 'checkout', rootTraceName: 'GET', durationMs: 3 }],
      metrics: { inspectedTraces: 12 },
    };
    const api = backend({
      [url]: { body: search },
      [`http://backend/api/traces/${zeroLed}`]: { body: tempoBody(spans) },
    });
    const found = await read(tempoQuery, api.fetch);
    expect(api.asked).toEqual([url, `http://backend/api/traces/${zeroLed}`]);
    expect(found.map((t) => t.map((s) => s.name))).toEqual([['GET /orders/:id', 'price.compute']]);
  });

  it('throws with the answer when the search API fails or answers something else', async () => {
    const url = zipkinQuery.recent!.url('http://backend', query);
    await expect(read(zipkinQuery, backend({ [url]: { status: 500, body: 'down' } }).fetch)).rejects.toThrow(
      'answered 500',
    );
    await expect(read(zipkinQuery, backend({ [url]: { body: { nope: 1 } } }).fetch)).rejects.toThrow(
      'array of span arrays',
    );
  });
});

describe('links to a trace in the backend UI', () => {
  const urls = { queryUrl: 'http://127.0.0.1:16686/', uiUrl: 'http://127.0.0.1:3000' };
  it('Jaeger and Zipkin on their own server, Tempo in Grafana Explore with the provisioned datasource', () => {
    expect(jaegerQuery.traceLink!(urls, TRACE_ID)).toBe(`http://127.0.0.1:16686/trace/${TRACE_ID}`);
    expect(zipkinQuery.traceLink!(urls, TRACE_ID)).toBe(`http://127.0.0.1:16686/zipkin/traces/${TRACE_ID}`);
    const grafana = new URL(tempoQuery.traceLink!(urls, TRACE_ID));
    expect(grafana.origin + grafana.pathname).toBe('http://127.0.0.1:3000/explore');
    const panes = JSON.parse(grafana.searchParams.get('panes')!);
    expect(panes.trace.queries[0]).toMatchObject({ datasource: { type: 'tempo', uid: 'tempo' }, query: TRACE_ID });
  });
});
