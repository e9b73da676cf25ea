import type { FoundSpan } from '../../otel/trace-model.js';
import { backendTitle, hasBackend } from '../settings.js';
import { searchTrace, secs } from '../trace-search.js';
import type { Check, CheckOutcome, SentSynthetic } from '../types.js';
import { RUN_ATTRIBUTE, SYNTHETIC_ATTRIBUTE } from './synthetic-sent.js';

/** Every way the spans that came back differ from what was sent. */
function differences(sent: SentSynthetic, spans: FoundSpan[]): string[] {
  const root = spans.find((s) => s.spanId === sent.rootSpanId);
  const child = spans.find((s) => s.spanId === sent.childSpanId);
  const out: string[] = [];
  if (!root) out.push(`the root span ${sent.rootSpanId} is missing`);
  if (!child) out.push(`the child span ${sent.childSpanId} is missing`);
  if (child && child.parentSpanId !== sent.rootSpanId)
    out.push(`the child's parent is ${child.parentSpanId ?? 'none'}, not the root ${sent.rootSpanId}`);
  for (const s of [root, child]) {
    if (!s) continue;
    if (s.serviceName !== sent.serviceName)
      out.push(`span ${s.name} has service "${s.serviceName}", not "${sent.serviceName}"`);
    if (String(s.attributes[SYNTHETIC_ATTRIBUTE]) !== 'true')
      out.push(`span ${s.name} lost the attribute ${SYNTHETIC_ATTRIBUTE}`);
    if (String(s.attributes[RUN_ATTRIBUTE]) !== sent.runId)
      out.push(`span ${s.name} lost the attribute ${RUN_ATTRIBUTE}`);
  }
  return out;
}

/** Check 5: the synthetic trace comes back from the backend's query API, whole. */
export const syntheticFoundCheck: Check = {
  id: 'synthetic-found',
  title: 'Synthetic trace found',
  needs: ['synthetic-sent'],
  timeoutMs: () => 'remaining',
  explain: `Asks the backend's query API (Jaeger /api/v3/traces/{id}, Zipkin /api/v2/trace/{id}, Tempo /api/traces/{id})
for the synthetic trace, with quick retries and backoff. It stops as soon as both spans are back intact; while one is
missing or changed, it waits until the span count has stopped changing or --timeout runs out (so a tail-sampling
Collector's decision_wait is waited out). Then checks both spans, the child's parent link, the service name and the
attributes came back intact, and reports the delivery time.
Fails when the trace never arrives: a Collector that drops it (a tail_sampling policy without one keeping
tracekit.synthetic=true, a filter processor, an exporter pointing elsewhere), a --query-url that is not the backend the
spans went to, or a query API slower than the request timeout. Fails when the spans arrive changed.
Fix: follow the hint; for tail sampling add a boolean_attribute policy {key: tracekit.synthetic, value: true}
and keep decision_wait below --timeout.`,
  async run(ctx): Promise<CheckOutcome> {
    const s = ctx.settings;
    const sent = ctx.state.sent;
    if (!sent) return { status: 'skip', detail: 'no synthetic trace was sent' };
    if (!hasBackend(s) || !s.queryUrl) return { status: 'skip', detail: 'no backend to query (backend: none)' };
    const title = backendTitle(s);
    // Leave half of what is left to the app check, which waits for the app's own batch export.
    const timeoutMs = (s.app ? ctx.budgetMs() / 2 : ctx.budgetMs()) - 300;
    const found = await searchTrace(ctx, sent.traceId, {
      timeoutMs,
      minSpans: 2,
      settleMs: s.collector ? 2000 : 1000,
      // Both spans it sent, by id: a count of two could be made of anything.
      until: (spans) => [sent.rootSpanId, sent.childSpanId].every((id) => spans.some((sp) => sp.spanId === id)),
      // doctor made every span of this trace: once all are back intact, nothing can arrive that changes
      // the verdict, so there is no settling to wait out. Anything missing or changed still settles first.
      complete: (spans) => differences(sent, spans).length === 0,
    });
    const data = {
      traceId: sent.traceId,
      spansFound: found.spans.length,
      attempts: found.attempts,
      deliveryMs: null as number | null,
    };
    if (found.queryProblem)
      return { status: 'fail', detail: found.queryProblem.detail, hint: found.queryProblem.hint, data };
    if (!found.spans.length) {
      return {
        status: 'fail',
        detail:
          `trace ${sent.traceId} did not arrive in ${title} within ${secs(found.waitedMs)} ` +
          `(${found.attempts} queries)`,
        hint: s.collector
          ? 'The Collector accepted the spans but did not forward them. ' +
            'Check its tail_sampling policies keep tracekit.synthetic=true (a boolean_attribute policy) ' +
            'and decision_wait is below --timeout, that no filter processor drops them, ' +
            `that its exporter points at this ${title}, and its logs.`
          : `${title} accepted the spans but its query API does not return them: ` +
            `check that --query-url is the same ${title} that the endpoint sends to, and its logs.`,
        data,
      };
    }
    const problems = differences(sent, found.spans);
    data.deliveryMs =
      found.firstSeenMs !== undefined ? found.firstSeenMs + (ctx.now() - found.waitedMs - sent.sentAt) : null;
    if (problems.length) {
      return {
        status: 'fail',
        detail: `trace ${sent.traceId} came back changed: ${problems.join('; ')}`,
        hint:
          'Something between the SDK and the backend rewrites spans: ' +
          'check the Collector processors (attributes, redaction, transform, filter).',
        data,
      };
    }
    const delivery = data.deliveryMs !== null ? ` ${secs(data.deliveryMs)} after sending` : '';
    return {
      status: 'pass',
      detail: `${title} returned both spans${delivery}: parent link, service ${sent.serviceName} and attributes intact`,
      data,
    };
  },
};
