import type { fetch as undiciFetch } from 'undici';
import { type FoundSpan, normalizeTraceId, type QueryTarget } from './trace-model.js';

export interface FindTraceOptions {
  /** Give up after this long (the whole search). */
  timeoutMs: number;
  /** Each request's own timeout. */
  requestTimeoutMs?: number;
  /** Stop early once this many spans are there (else wait until the count settles). */
  minSpans?: number;
  /** How long the span count must stay the same before the search stops. */
  settleMs?: number;
  fetch?: typeof undiciFetch;
  now?: () => number;
}

export interface FindTraceResult {
  spans: FoundSpan[];
  /** Milliseconds from the first query until the spans were seen. */
  firstSeenMs: number | undefined;
  attempts: number;
  /** The last error from the backend (a bad answer, a refused connection), if any. */
  lastError?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls a backend for a trace with backoff until at least `minSpans` spans are there and the
 * count has stopped changing for `settleMs` (spans of one trace arrive in several batches),
 * or until the timeout. Never throws for backend trouble: the caller reads lastError.
 */
export async function findTrace(
  target: QueryTarget,
  traceId: string,
  opts: FindTraceOptions,
): Promise<FindTraceResult> {
  const adapter = target.query;
  const fetchImpl = opts.fetch ?? (await import('undici')).fetch;
  const now = opts.now ?? Date.now;
  const url = adapter.traceUrl(target.url, normalizeTraceId(traceId));
  const start = now();
  const deadline = start + opts.timeoutMs;
  const settleMs = opts.settleMs ?? 1000;
  let spans: FoundSpan[] = [];
  let firstSeenMs: number | undefined;
  let lastChange = start;
  let attempts = 0;
  let lastError: string | undefined;
  let delay = 100;
  while (now() < deadline) {
    attempts++;
    try {
      const remaining = Math.max(1, deadline - now());
      const res = await fetchImpl(url, {
        signal: AbortSignal.timeout(Math.min(opts.requestTimeoutMs ?? 5000, remaining)),
        headers: { accept: 'application/json' },
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        throw new Error(`answered ${res.status} with a body that is not JSON: ${text.slice(0, 120)}`);
      }
      if (res.status >= 500 || (res.status >= 400 && res.status !== 404))
        throw new Error(`answered ${res.status}: ${text.slice(0, 200)}`);
      const found = adapter.parse(res.status, body) ?? [];
      lastError = undefined;
      if (found.length !== spans.length) {
        spans = found;
        lastChange = now();
        if (firstSeenMs === undefined && found.length) firstSeenMs = now() - start;
      }
    } catch (err) {
      lastError =
        err instanceof Error ? (err.name === 'TimeoutError' ? 'the query timed out' : err.message) : String(err);
    }
    const enough = spans.length > 0 && spans.length >= (opts.minSpans ?? 1);
    if (enough && now() - lastChange >= settleMs) break;
    if (enough && opts.minSpans !== undefined && opts.settleMs === 0) break;
    await sleep(Math.min(delay, Math.max(0, deadline - now())));
    delay = Math.min(delay * 2, 1000);
  }
  return { spans, firstSeenMs, attempts, ...(lastError ? { lastError } : {}) };
}
