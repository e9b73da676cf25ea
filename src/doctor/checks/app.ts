import { randomBytes } from 'node:crypto';
import type { FoundSpan } from '../../otel/trace-model.js';
import { httpRequest } from '../network.js';
import { backendTitle, hasBackend } from '../settings.js';
import { searchTrace, secs, type TraceSearch } from '../trace-search.js';
import type { Check, CheckOutcome, DoctorContext, DoctorSettings } from '../types.js';

/** The baggage entry doctor sends with its request; the audit looks for it downstream. */
const BAGGAGE_KEY = 'tracekit.doctor.run';
/** Added to the batch delay before the spans count as settled: an export takes a moment too. */
const SETTLE_MARGIN_MS = 1500;

const describeSpans = (spans: FoundSpan[]) =>
  spans.map((s) => `"${s.name}" (${s.kind}, ${s.serviceName || 'no service'})`).join(', ');

/** When the spans came, in the order they were seen: first and last change, from the request. */
function timeline(found: TraceSearch, answeredMs: number): string {
  const first = found.firstSeenMs !== undefined ? `first after ${secs(answeredMs + found.firstSeenMs)}` : '';
  const last = found.lastChangeMs !== undefined ? `last after ${secs(answeredMs + found.lastChangeMs)}` : '';
  return [first, last].filter(Boolean).join(', ');
}

/** No span of the trace arrived: what was seen, when, then the likely causes. */
function nothingArrived(s: DoctorSettings, traceId: string, status: number, found: TraceSearch): CheckOutcome {
  return {
    status: 'fail',
    detail:
      `${s.app} answered ${status}, but no span of trace ${traceId} reached ${backendTitle(s)} ` +
      `in the ${secs(found.waitedMs)} doctor waited`,
    hint:
      'The service did not export a span for the request. Is it instrumented (`tracekit init`) and started with ' +
      `its tracing setup (see init's next steps)? Does it export to ${s.ingestUrl ?? 'the endpoint doctor checked'}? ` +
      'Does it read traceparent (OTEL_PROPAGATORS=tracecontext,baggage)?',
  };
}

/** Spans arrived, but none under doctor's parent: what was seen, when, then the likely cause. */
function parentDropped(
  traceId: string,
  parentSpanId: string,
  found: TraceSearch,
  answeredMs: number,
  delay: DoctorSettings['batchDelay'],
): CheckOutcome {
  const services = [...new Set(found.spans.map((sp) => sp.serviceName))].join(', ');
  return {
    status: 'fail',
    detail:
      `${found.spans.length} span(s) of trace ${traceId} arrived from ${services} (${timeline(found, answeredMs)}), ` +
      `but after ${secs(found.waitedMs)} none is a child of the request's parent span ${parentSpanId}: ` +
      describeSpans(found.spans),
    hint:
      'The service that received the request kept the trace id but not the parent: check its propagators and ' +
      'that its server span is created from the incoming context. If a service exports later than ' +
      `${secs(delay.value)} (${delay.label}), pass --batch-delay with its delay.`,
  };
}

/**
 * Check 6: a request to the user's service, with a fresh traceparent, shows up as the service's spans
 * under that parent.
 */
export const appCheck: Check = {
  id: 'app',
  title: 'Application traced',
  needs: ['backend-health'],
  timeoutMs: () => 'remaining',
  explain: `With --app URL (repeat --app for several services): sends one GET to each service with a fresh W3C
traceparent (a new trace id and a parent span id that doctor made up) and a baggage header, then looks that trace up
in the backend and checks that the service's own spans joined it as children of the given parent. Names the
services and spans found.
This proves the service is instrumented, reads the incoming context (propagators), and exports to the backend doctor
checked. Each service exports on its own batch timer (5s by default, OTEL_BSP_SCHEDULE_DELAY or --batch-delay), so
doctor waits until a span under its parent is there and the trace has stopped growing for longer than that delay,
or until --timeout runs out.
Fails when the service cannot be reached, when no span of the trace arrives (not instrumented, not started with its
tracing setup, exporting elsewhere, or not reading traceparent), or when its spans started a new trace.
Fix: instrument the service (\`tracekit init\`), start it as init's next steps say, and make OTEL_PROPAGATORS include
tracecontext.`,
  async run(ctx): Promise<CheckOutcome> {
    const s = ctx.settings;
    if (!s.app) return { status: 'skip', detail: 'no --app URL given' };
    if (!hasBackend(s) || !s.queryUrl) return { status: 'skip', detail: 'no backend to query (backend: none)' };
    const urls = s.apps ?? [s.app];
    if (urls.length === 1) return traceApp(ctx, urls[0]!);
    // Several services: one request each, in turn, each with what is left of the time shared out.
    const outcomes: CheckOutcome[] = [];
    for (const [i, url] of urls.entries()) {
      const share = Math.floor(ctx.budgetMs() / (urls.length - i));
      outcomes.push(await traceApp({ ...ctx, budgetMs: () => Math.min(share, ctx.budgetMs()) }, url));
    }
    const failed = outcomes.find((o) => o.status === 'fail');
    return {
      status: failed ? 'fail' : 'pass',
      detail: outcomes.map((o, i) => `${urls[i]}: ${o.status === 'pass' ? '' : 'FAILED, '}${o.detail}`).join('\n'),
      ...(failed?.hint ? { hint: failed.hint } : {}),
      data: { apps: outcomes.map((o, i) => ({ url: urls[i], status: o.status, ...o.data })) },
    };
  },
};

/** One request to one service with a fresh trace context, then that trace looked up in the backend. */
async function traceApp(ctx: DoctorContext, url: string): Promise<CheckOutcome> {
  const s = { ...ctx.settings, app: url };
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  const runId = randomBytes(4).toString('hex');
  const baggage = { key: BAGGAGE_KEY, value: runId };
  const headers = { traceparent: `00-${traceId}-${parentSpanId}-01`, baggage: `${baggage.key}=${baggage.value}` };
  const sentAt = ctx.now();
  const answer = await httpRequest(ctx.fetch, url, { headers, timeoutMs: ctx.requestTimeoutMs() });
  if ('failure' in answer)
    return {
      status: 'fail',
      detail: `could not reach the service: ${answer.failure.message}`,
      hint: 'Start the service, or pass the URL it listens on with --app.',
    };
  const answeredMs = ctx.now() - sentAt;
  const found = await searchTrace(ctx, traceId, {
    timeoutMs: ctx.budgetMs() - 300,
    minSpans: 1,
    settleMs: s.batchDelay.value + SETTLE_MARGIN_MS,
    until: (spans) => spans.some((sp) => sp.parentSpanId === parentSpanId),
  });
  const services = [...new Set(found.spans.map((sp) => sp.serviceName))];
  const joined = found.spans.filter((sp) => sp.parentSpanId === parentSpanId);
  const data = {
    traceId,
    parentSpanId,
    httpStatus: answer.status,
    answeredMs,
    batchDelayMs: s.batchDelay.value,
    waitedMs: found.waitedMs,
    foundMs: found.foundMs ?? null,
    services,
    spans: found.spans.map((sp) => ({
      name: sp.name,
      kind: sp.kind,
      service: sp.serviceName,
      parentSpanId: sp.parentSpanId ?? null,
    })),
  };
  if (found.queryProblem)
    return { status: 'fail', detail: found.queryProblem.detail, hint: found.queryProblem.hint, data };
  if (!found.spans.length) return { ...nothingArrived(s, traceId, answer.status, found), data };
  if (!joined.length) return { ...parentDropped(traceId, parentSpanId, found, answeredMs, s.batchDelay), data };
  // The audit reads the first service's trace; the services check every service seen.
  ctx.state.appTrace ??= { traceId, parentSpanId, spans: found.spans, baggage };
  ctx.state.seenServices = [...new Set([...(ctx.state.seenServices ?? []), ...services])];
  return {
    status: 'pass',
    detail:
      `service ${services.join(', ')} joined the trace under the given parent (${answer.status}; ` +
      `${timeline(found, answeredMs)}): ${describeSpans(found.spans)}`,
    data,
  };
}
