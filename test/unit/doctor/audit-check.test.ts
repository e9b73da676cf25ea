import type { fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { zipkinQuery } from '../../../src/backends/zipkin/query.js';
import type { AuditData } from '../../../src/doctor/audit/types.js';
import { auditCheck } from '../../../src/doctor/checks/audit.js';
import { resolveSettings } from '../../../src/doctor/settings.js';
import type { AppTrace, DoctorContext } from '../../../src/doctor/types.js';
import { type SpanSpec, TRACE_ID, zipkinBody } from './audit-bodies.js';

/**
 * The audit check over Zipkin's answer shapes, with a fetch that answers as Zipkin's search API
 * would: the --app trace handed over by the app check, and --service over recent traces.
 */
const QUERY_URL = 'http://zipkin:9411';

const server = (id: string, name: string, attrs: Record<string, string | number>): SpanSpec => ({
  id,
  parent: 'dddddddddddddddd',
  name,
  kind: 'server',
  service: 'users-api',
  attrs: { 'http.request.method': 'GET', 'http.response.status_code': 200, ...attrs },
});

function ctxFor(o: { service?: string; appTrace?: AppTrace; search?: unknown; status?: number }) {
  const asked: string[] = [];
  const fetch = (async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(o.search ?? []), { status: o.status ?? 200 });
  }) as unknown as typeof undiciFetch;
  const options = {
    backend: 'zipkin',
    queryUrl: QUERY_URL,
    collector: false,
    ...(o.service ? { service: o.service } : {}),
  };
  const { settings, inputs } = resolveSettings(
    { ...options, json: false, strict: false, timeoutMs: 8000, wait: false },
    {},
    {},
  );
  const ctx: DoctorContext = {
    settings,
    inputs,
    fetch,
    now: () => Date.parse('2026-12-02T01:00:00Z'),
    budgetMs: () => 8000,
    requestTimeoutMs: () => 3000,
    wait: false,
    state: o.appTrace ? { appTrace: o.appTrace } : {},
  };
  return { ctx, asked };
}

const appTraceOf = (spans: SpanSpec[]): AppTrace => ({
  traceId: TRACE_ID,
  parentSpanId: 'dddddddddddddddd',
  spans: zipkinQuery.parse(200, zipkinBody(spans))!,
  baggage: { key: 'tracekit.doctor.run', value: 'c0ffee01' },
});

describe('audit check', () => {
  it('skips without an --app trace or --service', async () => {
    expect(await auditCheck.run(ctxFor({}).ctx)).toEqual({
      status: 'skip',
      detail: 'no --app trace or --service to audit',
    });
  });

  it("passes a good --app trace under doctor's parent, with a link to it in Zipkin", async () => {
    const appTrace = appTraceOf([server('a000000000000001', 'GET /users/:id', { 'http.route': '/users/:id' })]);
    const { ctx, asked } = ctxFor({ appTrace });
    const result = await auditCheck.run(ctx);
    expect(result.status).toBe('pass');
    expect(result.detail).toBe(
      `the --app trace (1 span): no findings\ntrace ${TRACE_ID}: ${QUERY_URL}/zipkin/traces/${TRACE_ID}`,
    );
    // The service's other traces were asked for, as the span-count baseline.
    expect(asked[0]).toContain(`${QUERY_URL}/api/v2/traces?serviceName=users-api`);
  });

  it('warns for a raw-path --app trace, each finding with its fix', async () => {
    const { ctx } = ctxFor({ appTrace: appTraceOf([server('a000000000000001', 'GET /users/8231', {})]) });
    const result = await auditCheck.run(ctx);
    expect(result.status).toBe('warn');
    const data = result.data as unknown as AuditData;
    expect(data.findings.map((f) => f.rule)).toEqual(['http-route', 'span-name-cardinality']);
    expect(result.detail).toContain(
      '\nwarn http-route: HTTP server spans of users-api have no http.route: "GET /users/8231"',
    );
    expect(result.detail).toContain('\n  fix: Set the route template on the server span');
  });

  it('fails --service when a value holds personal data, and counts the traces a finding is in', async () => {
    const traces = [1, 2, 3].map((n) =>
      zipkinBody([
        server('a000000000000001', 'GET /users/:id', { 'http.route': '/users/:id', 'enduser.id': `u${n}@example.com` }),
      ]).map((s) => ({ ...s, traceId: `${n}`.padStart(32, '0') })),
    );
    const { ctx } = ctxFor({ service: 'users-api', search: traces });
    const result = await auditCheck.run(ctx);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('holds an e-mail address (in 3 of 3 traces)');
    expect(result.detail).not.toContain('example.com');
  });

  it('fails --service when the service has no recent trace, or the search API fails', async () => {
    const none = await auditCheck.run(ctxFor({ service: 'users-api', search: [] }).ctx);
    expect(none).toMatchObject({
      status: 'fail',
      detail: 'no trace of service users-api in Zipkin from the past hour',
    });
    const down = await auditCheck.run(ctxFor({ service: 'users-api', search: 'oops', status: 500 }).ctx);
    expect(down.status).toBe('fail');
    expect(down.detail).toBe(`Zipkin's search API at ${QUERY_URL} failed: answered 500: "oops"`);
  });
});
