import { describe, expect, it } from 'vitest';
import { syntheticFoundCheck } from '../../../src/doctor/checks/synthetic-found.js';
import { RUN_ATTRIBUTE, SYNTHETIC_ATTRIBUTE, SYNTHETIC_SERVICE } from '../../../src/doctor/checks/synthetic-sent.js';
import { resolveSettings } from '../../../src/doctor/settings.js';
import type { DoctorContext, SentSynthetic } from '../../../src/doctor/types.js';

/**
 * The synthetic-found check against a query API that answers, query after query, what a script
 * says: nothing yet, some of doctor's spans, or all of them. doctor knows every span it sent, so
 * it stops at the first answer holding them all intact, and settles (then judges) otherwise.
 */
const sent: SentSynthetic = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  rootSpanId: '00f067aa0ba902b7',
  childSpanId: 'b7ad6b7169203331',
  rootName: 'tracekit.synthetic',
  childName: 'tracekit.synthetic.child',
  serviceName: SYNTHETIC_SERVICE,
  runId: 'c0ffee00c0ffee00',
  sentAt: Date.now(),
};

type Part = 'root' | 'child' | 'child without its parent';

/** One answer of Jaeger's /api/v3/traces/{id}: the parts listed, as OTLP JSON (404 when none). */
function answer(parts: Part[]): Response {
  if (!parts.length) return new Response('{"error":{"httpCode":404}}', { status: 404 });
  const attributes = [
    { key: SYNTHETIC_ATTRIBUTE, value: { boolValue: true } },
    { key: RUN_ATTRIBUTE, value: { stringValue: sent.runId } },
  ];
  const spans = parts.map((p) =>
    p === 'root'
      ? { traceId: sent.traceId, spanId: sent.rootSpanId, name: sent.rootName, kind: 2, attributes }
      : {
          traceId: sent.traceId,
          spanId: sent.childSpanId,
          ...(p === 'child' ? { parentSpanId: sent.rootSpanId } : {}),
          name: sent.childName,
          kind: 1,
          attributes,
        },
  );
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: SYNTHETIC_SERVICE } }] };
  return new Response(JSON.stringify({ result: { resourceSpans: [{ resource, scopeSpans: [{ spans }] }] } }), {
    status: 200,
  });
}

/** A context whose query API answers the script's entries in turn, then its last one forever. */
function ctxAnswering(script: Part[][]): { ctx: DoctorContext; queries: () => number } {
  let queries = 0;
  const fetch = (async () =>
    answer(script[Math.min(queries++, script.length - 1)]!)) as unknown as DoctorContext['fetch'];
  const { settings, inputs } = resolveSettings(
    {
      backend: 'jaeger',
      endpoint: 'http://jaeger:4318',
      protocol: 'http',
      queryUrl: 'http://jaeger:16686',
      collector: false,
      json: false,
      strict: false,
      timeoutMs: 15_000,
      wait: false,
    },
    {},
    {},
  );
  const deadline = Date.now() + 15_000;
  const ctx: DoctorContext = {
    settings,
    inputs,
    fetch,
    now: Date.now,
    budgetMs: () => Math.max(0, deadline - Date.now()),
    requestTimeoutMs: () => 3000,
    wait: false,
    state: { sent },
  };
  return { ctx, queries: () => queries };
}

describe('synthetic-found stops once every span doctor sent is back with its link', () => {
  it('stops at the first answer holding both spans and the link, with no settling after it', async () => {
    const { ctx, queries } = ctxAnswering([[], ['root', 'child']]);
    const out = await syntheticFoundCheck.run(ctx);
    expect(out.status).toBe('pass');
    expect(out.data).toMatchObject({ spansFound: 2, attempts: 2 });
    // Settling would have asked again and again for a second.
    expect(queries()).toBe(2);
  });

  it('keeps asking while a span is missing, and stops when it arrives', async () => {
    const { ctx } = ctxAnswering([['root'], ['root'], ['root'], ['root', 'child']]);
    const out = await syntheticFoundCheck.run(ctx);
    expect(out.status).toBe('pass');
    expect(out.data).toMatchObject({ spansFound: 2, attempts: 4 });
  });

  it('judges the newest answer: a link that shows up later, at the same span count, passes', async () => {
    const { ctx } = ctxAnswering([
      ['root', 'child without its parent'],
      ['root', 'child'],
    ]);
    const out = await syntheticFoundCheck.run(ctx);
    expect(out.status).toBe('pass');
    expect(out.data).toMatchObject({ attempts: 2 });
  });

  it('a link that never comes is waited for, then reported', async () => {
    const { ctx, queries } = ctxAnswering([['root', 'child without its parent']]);
    const out = await syntheticFoundCheck.run(ctx);
    expect(out.status).toBe('fail');
    expect(out.detail).toContain(`the child's parent is none, not the root ${sent.rootSpanId}`);
    // Not judged on the first answer: the search settled over several.
    expect(queries()).toBeGreaterThan(2);
  });

  it('a span that never comes is reported missing once the search gives up', async () => {
    const { ctx } = ctxAnswering([['root']]);
    const out = await syntheticFoundCheck.run({ ...ctx, budgetMs: () => 1500 });
    expect(out.status).toBe('fail');
    expect(out.detail).toContain(`the child span ${sent.childSpanId} is missing`);
  });
});
