import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jaegerQuery } from '../../../src/backends/jaeger/query.js';
import { tempoQuery } from '../../../src/backends/tempo/query.js';
import { zipkinQuery } from '../../../src/backends/zipkin/query.js';
import { hasIdInPath } from '../../../src/doctor/audit/route-rules.js';
import { auditTraces } from '../../../src/doctor/audit/run-audit.js';
import type { AuditFinding } from '../../../src/doctor/audit/types.js';
import type { FoundSpan } from '../../../src/otel/trace-model.js';
import { jaegerBody, type Resources, type SpanSpec, tempoBody, zipkinBody } from './audit-bodies.js';

const recorded = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'recorded', name), 'utf8')) as unknown;

/** The same trace read back through each backend's adapter from its own answer shape. */
const SHAPES = [
  { backend: 'jaeger', read: (t: SpanSpec[], r?: Resources) => jaegerQuery.parse(200, jaegerBody(t, r))! },
  { backend: 'tempo', read: (t: SpanSpec[], r?: Resources) => tempoQuery.parse(200, tempoBody(t, r))! },
  { backend: 'zipkin', read: (t: SpanSpec[], r?: Resources) => zipkinQuery.parse(200, zipkinBody(t, r))! },
];

const http = (route: string | undefined, status: number | undefined, host = 'shop.local', port = 8080) => ({
  'http.request.method': 'GET',
  ...(route ? { 'http.route': route } : {}),
  ...(status ? { 'http.response.status_code': status } : {}),
  'server.address': host,
  'server.port': port,
});

/** checkout serves a request, calls inventory (which queries its database), and computes a price. */
function goodTrace(): SpanSpec[] {
  return [
    {
      id: 'a000000000000001',
      name: 'GET /orders/:id',
      kind: 'server',
      service: 'checkout',
      attrs: http('/orders/:id', 200),
    },
    {
      id: 'a000000000000002',
      parent: 'a000000000000001',
      name: 'GET',
      kind: 'client',
      service: 'checkout',
      attrs: {
        'http.request.method': 'GET',
        'server.address': 'inventory',
        'server.port': 9000,
        'http.response.status_code': 200,
      },
    },
    {
      id: 'b000000000000003',
      parent: 'a000000000000002',
      name: 'GET /stock/:sku',
      kind: 'server',
      service: 'inventory',
      attrs: http('/stock/:sku', 200, 'inventory', 9000),
    },
    {
      id: 'b000000000000004',
      parent: 'b000000000000003',
      name: 'SELECT stock',
      kind: 'client',
      service: 'inventory',
      attrs: { 'db.system': 'postgresql', 'server.address': 'db', 'server.port': 5432 },
    },
    {
      id: 'a000000000000005',
      parent: 'a000000000000001',
      name: 'price.compute',
      kind: 'internal',
      service: 'checkout',
    },
  ];
}

/** The good trace with one span changed. */
const changed = (id: string, change: Partial<SpanSpec>) =>
  goodTrace().map((s) => (s.id === id ? { ...s, ...change } : s));

const rulesOf = (findings: AuditFinding[]) => findings.map((f) => `${f.level} ${f.rule}`);
const audit = (spans: FoundSpan[], o: Partial<Parameters<typeof auditTraces>[0]> = {}) =>
  auditTraces({ traces: [spans], baseline: [], ...o });

describe.each(SHAPES)('audit rules on $backend answers', ({ read }) => {
  it('finds nothing in a well-instrumented trace across two services', () => {
    expect(audit(read(goodTrace()))).toEqual([]);
  });

  it('flags a server span without http.route, and names made of raw paths with ids', () => {
    const noRoute = changed('a000000000000001', { name: 'GET', attrs: http(undefined, 200) });
    expect(rulesOf(audit(read(noRoute)))).toEqual(['warn http-route']);
    const rawName = changed('a000000000000001', { name: 'GET /orders/81723/items', attrs: http(undefined, 200) });
    const findings = audit(read(rawName));
    expect(rulesOf(findings)).toEqual(['warn http-route', 'warn span-name-cardinality']);
    expect(findings[1]!.message).toContain('"GET /orders/81723/items"');
    expect(findings[1]!.traces[0]!.spanIds).toEqual(['a000000000000001']);
  });

  it('flags a missing status code and a 5xx without the error status, not a 5xx with it', () => {
    expect(rulesOf(audit(read(changed('a000000000000001', { attrs: http('/orders/:id', undefined) }))))).toEqual([
      'warn status',
    ]);
    const unmarked = changed('a000000000000001', { attrs: http('/orders/:id', 503) });
    expect(audit(read(unmarked))[0]!.message).toContain('GET /orders/:id → 503');
    const marked = changed('a000000000000001', { attrs: http('/orders/:id', 503), status: 'error' });
    expect(audit(read(marked))).toEqual([]);
  });

  it('flags an error span that says nothing of the error, not one with an exception or a description', () => {
    expect(rulesOf(audit(read(changed('a000000000000005', { status: 'error' }))))).toEqual(['warn error-detail']);
    const exception = { name: 'exception', attrs: { 'exception.type': 'RangeError', 'exception.message': 'no price' } };
    expect(audit(read(changed('a000000000000005', { status: 'error', events: [exception] })))).toEqual([]);
    expect(audit(read(changed('a000000000000005', { status: 'error', statusMessage: 'no price' })))).toEqual([]);
  });

  it('fails unknown_service and warns about a resource without version and environment', () => {
    const unnamed = goodTrace().map((s) => (s.service === 'checkout' ? { ...s, service: 'unknown_service:node' } : s));
    const findings = audit(read(unnamed, { 'unknown_service:node': { 'service.name': 'unknown_service:node' } }));
    expect(rulesOf(findings)).toEqual(['fail resource']);
    const bare = audit(read(goodTrace(), { inventory: { 'service.name': 'inventory' } }));
    expect(rulesOf(bare)).toEqual(['warn resource']);
    expect(bare[0]!.message).toBe('service inventory reports no service.version and no deployment.environment.name');
    // The name before semantic conventions 1.27 counts.
    const older = {
      inventory: { 'service.name': 'inventory', 'service.version': '2', 'deployment.environment': 'qa' },
    };
    expect(audit(read(goodTrace(), older))).toEqual([]);
  });

  it('flags a second root and a span whose parent never arrived, not a lone top span under an absent caller', () => {
    expect(rulesOf(audit(read(changed('a000000000000005', { parent: undefined }))))).toEqual(['warn parent-links']);
    const orphan = audit(read(changed('a000000000000005', { parent: 'ffffffffffffffff' })));
    expect(orphan[0]!.message).toBe('spans whose parent is not in the trace: "price.compute (checkout)"');
    // The request came from a caller that does not export (doctor's made-up parent, a proxy): one trace still.
    const entered = changed('a000000000000001', { parent: 'dddddddddddddddd' });
    expect(audit(read(entered))).toEqual([]);
    expect(audit(read(entered), { externalParents: new Set(['dddddddddddddddd']) })).toEqual([]);
  });

  it('flags a call to a traced service that no server span continued, not a call to an untraced one', () => {
    const lost = goodTrace().filter((s) => s.service === 'checkout');
    // inventory:9000 is a traced service: its server spans are in the service's other traces.
    const findings = audit(read(lost), { baseline: [read(goodTrace())] });
    expect(rulesOf(findings)).toEqual(['warn client-without-server']);
    expect(findings[0]!.message).toContain('called inventory:9000');
    expect(audit(read(lost))).toEqual([]);
  });

  it('flags the baggage doctor sent when a called service did not record it, only when a service did', () => {
    const sentBaggage = { key: 'tracekit.doctor.run', value: 'c0ffee01' };
    const recorded = (ids: string[]) =>
      goodTrace().map((s) => (ids.includes(s.id) ? { ...s, attrs: { ...s.attrs, [sentBaggage.key]: 'c0ffee01' } } : s));
    const dropped = audit(read(recorded(['a000000000000001'])), { sentBaggage });
    expect(rulesOf(dropped)).toEqual(['warn baggage']);
    expect(dropped[0]!.message).toContain('not on the spans of inventory');
    expect(audit(read(recorded(['a000000000000001', 'b000000000000003'])), { sentBaggage })).toEqual([]);
    expect(audit(read(goodTrace()), { sentBaggage })).toEqual([]);
  });

  it('fails values that look like credentials or personal data, without repeating them', () => {
    const leaky = changed('a000000000000005', {
      attrs: {
        'enduser.email': 'ada.lovelace@example.org',
        'http.request.header.authorization': 'Bearer 9f8e7d6c5b4a39281706',
        'session.jwt': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
        'payment.card': '4111 1111 1111 1111',
      },
    });
    const findings = audit(read(leaky));
    expect(findings.map((f) => f.message)).toEqual([
      'attribute enduser.email of "price.compute" (checkout) holds an e-mail address',
      'attribute http.request.header.authorization of "price.compute" (checkout) holds a credential',
      'attribute session.jwt of "price.compute" (checkout) holds a JSON Web Token',
      'attribute payment.card of "price.compute" (checkout) holds a payment card number',
    ]);
    expect(findings.every((f) => f.level === 'fail')).toBe(true);
    expect(JSON.stringify(findings)).not.toContain('ada.lovelace');
    // Digits that fail Luhn, an order id, a masked header, a time in nanoseconds: nothing.
    const harmless = changed('a000000000000005', {
      attrs: {
        'payment.ref': '4111 1111 1111 1112',
        'order.id': '9000123456789016', // passes Luhn, no card issuer's prefix
        'http.request.header.authorization': '****',
        'queue.time': '1796172539074000000',
      },
    });
    expect(audit(read(harmless))).toEqual([]);
  });

  it("flags a trace far above the span count of the service's other traces", () => {
    // Six other traces of five spans, each with its own id.
    const baseline = Array.from({ length: 6 }, (_, i) =>
      read(goodTrace()).map((s) => ({ ...s, traceId: String(i).padStart(32, 'e') })),
    );
    const loop = Array.from(
      { length: 75 },
      (_, i): SpanSpec => ({
        id: `c${String(i).padStart(15, '0')}`,
        parent: 'a000000000000001',
        name: 'SELECT price',
        kind: 'internal',
        service: 'checkout',
      }),
    );
    const findings = audit(read([...goodTrace(), ...loop]), { baseline });
    expect(rulesOf(findings)).toEqual(['warn span-count']);
    expect(findings[0]!.message).toContain(
      '80 spans, the service\'s other 6 traces a median of 5 ("SELECT price" 75 times)',
    );
    expect(audit(read([...goodTrace(), ...loop.slice(0, 20)]), { baseline })).toEqual([]);
  });
});

describe('span names with ids in a raw path', () => {
  it.each([
    ['GET /users/8231', true],
    ['GET /orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301/items', true],
    ['GET /blobs/9f86d081884c7d659a2feaa0', true],
    ['/session/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5', true],
    ['GET /users/:id', false],
    ['GET /orders/{sku}', false],
    ['GET /api/v2/items', false],
    ['GET', false],
    ['hello.compose', false],
    ['GET /files/%E0%A4%A', false],
  ])('%s → %s', (name, flagged) => expect(hasIdInPath(name)).toBe(flagged));
});

/** The traces of a search answer recorded from Jaeger. */
function recordedSearch(name: string): FoundSpan[][] {
  const answer = jaegerQuery.recent!.parse(recorded(name));
  if (!('traces' in answer)) throw new Error('Jaeger answers whole traces');
  return answer.traces;
}

/** A trace without the server span under one of its client spans, nor anything below it. */
function withoutDownstream(trace: FoundSpan[]): FoundSpan[] {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const called = trace.find((s) => s.kind === 'server' && byId.get(s.parentSpanId ?? '')?.kind === 'client')!;
  const gone = new Set([called.spanId]);
  for (let grew = true; grew; ) {
    const before = gone.size;
    for (const s of trace) if (s.parentSpanId && gone.has(s.parentSpanId)) gone.add(s.spanId);
    grew = gone.size > before;
  }
  return trace.filter((s) => !gone.has(s.spanId));
}

// Each fixture's service instrumented by `tracekit init`, its requests (a call to itself over HTTP, a
// database query, a failing route) recorded from Jaeger's search API: /api/v3/traces?query.service_name=…
describe.each([
  ['node-http', 'jaeger-search-node-http.json'],
  ['go-http', 'jaeger-search-go-http.json'],
  ['python-flask', 'jaeger-search-python-flask.json'],
])('audit on traces recorded from the %s fixture', (_fixture, file) => {
  it('finds nothing in what the generated setup produces', () => {
    const traces = recordedSearch(file);
    expect(traces.length).toBeGreaterThanOrEqual(4);
    expect(auditTraces({ traces, baseline: traces })).toEqual([]);
  });

  it('finds the call to the service itself that no server span continued', () => {
    const traces = recordedSearch(file);
    const calling = traces.find((t) =>
      t.some((s) => s.kind === 'client' && t.some((x) => x.parentSpanId === s.spanId)),
    )!;
    const findings = auditTraces({ traces: [withoutDownstream(calling)], baseline: traces });
    expect(rulesOf(findings)).toEqual(['warn client-without-server']);
    expect(findings[0]!.message).toMatch(/ called localhost:\d+, where a traced service listens/);
  });
});

describe('audit on traces recorded from the Node plain-http fixture (tracekit init) in Jaeger', () => {
  it('finds nothing in a request that calls itself, nor in one that fails with a 500 (read by id)', () => {
    for (const name of ['jaeger-node-http-hello.json', 'jaeger-node-http-boom.json'])
      expect(audit(jaegerQuery.parse(200, recorded(name))!)).toEqual([]);
  });

  it('reads the resource of the generated setup', () => {
    const [span] = jaegerQuery.parse(200, recorded('jaeger-node-http-hello.json'))!;
    expect(span!.resource).toMatchObject({
      'service.name': 'greeter',
      'service.version': '0.3.0',
      'deployment.environment.name': 'development',
    });
  });

  it('lists a finding once for traces whose examples differ', () => {
    const raw = (id: string, n: number) =>
      jaegerQuery
        .parse(200, jaegerBody(changed('a000000000000001', { name: `GET /orders/${n}`, attrs: http(undefined, 200) })))!
        .map((s) => ({ ...s, traceId: id.padStart(32, '0') }));
    const traces = [raw('1', 1001), raw('2', 1002)];
    const findings = auditTraces({ traces, baseline: traces });
    expect(rulesOf(findings)).toEqual(['warn http-route', 'warn span-name-cardinality']);
    expect(findings[1]!.message).toBe('span names of checkout carry ids in a raw path: "GET /orders/1001"');
    expect(findings[1]!.traces.map((t) => t.traceId)).toEqual(traces.map((t) => t[0]!.traceId));
  });

  it('groups one finding found in several traces', () => {
    const unnamed = recordedSearch('jaeger-search-node-http.json').map((t) =>
      t.map((s) => ({ ...s, resource: { 'service.name': 'greeter' } })),
    );
    const findings = auditTraces({ traces: unnamed, baseline: unnamed });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.traces.map((t) => t.traceId)).toEqual(unnamed.map((t) => t[0]!.traceId));
  });
});
