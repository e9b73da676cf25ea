import { backendById } from '../backends/registry.js';
import { type FindTraceOptions, type FindTraceResult, findTrace } from '../otel/find-trace.js';
import type { DoctorContext } from './types.js';

/** What the search found, plus what to say when the backend's query API itself was the trouble. */
export interface TraceSearch extends FindTraceResult {
  waitedMs: number;
  /** Set when the query API failed on its last try (timeout, bad answer, refused). */
  queryProblem?: { detail: string; hint: string };
}

/**
 * Looks a trace up in the configured backend with findTrace: retries with backoff until what the
 * check looks for is there and the spans stop changing for `settleMs` (or at once when `complete`
 * holds), or `timeoutMs` runs out; each request has the run's own request timeout.
 */
export async function searchTrace(
  ctx: DoctorContext,
  traceId: string,
  o: {
    timeoutMs: number;
    minSpans: number;
    settleMs: number;
    until?: FindTraceOptions['until'];
    complete?: FindTraceOptions['complete'];
  },
): Promise<TraceSearch> {
  const s = ctx.settings;
  const backend = backendById(s.backend);
  const started = ctx.now();
  const requestTimeoutMs = ctx.requestTimeoutMs();
  const found = await findTrace({ query: backend.query, url: s.queryUrl! }, traceId, {
    timeoutMs: Math.max(200, o.timeoutMs),
    requestTimeoutMs,
    minSpans: o.minSpans,
    settleMs: o.settleMs,
    ...(o.until ? { until: o.until } : {}),
    ...(o.complete ? { complete: o.complete } : {}),
    fetch: ctx.fetch,
    now: ctx.now,
  });
  const waitedMs = ctx.now() - started;
  if (!found.lastError || found.spans.length) return { ...found, waitedMs };
  const title = backend.title;
  const slow = found.lastError === 'the query timed out';
  return {
    ...found,
    waitedMs,
    queryProblem: {
      detail:
        `${title}'s query API at ${s.queryUrl} failed: ` +
        (slow ? `no answer within the ${Math.round(requestTimeoutMs / 100) / 10}s request timeout` : found.lastError),
      hint: slow
        ? `${title} answers queries slower than doctor waits: check its load and storage, or raise --timeout.`
        : `Check that --query-url points at ${title}'s query API ` +
          `(port ${backend.wellKnown.queryPort} by default) and that it is healthy.`,
    },
  };
}

/** Seconds with one decimal, for messages. */
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
