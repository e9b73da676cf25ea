import type { fetch as undiciFetch } from 'undici';
import type { QueryTarget } from './query-adapter.js';
import { type FoundSpan, normalizeTraceId } from './trace-model.js';

export interface FindTraceOptions {
  /** Give up after this long (the whole search). */
  timeoutMs: number;
  /** Each request's own timeout. */
  requestTimeoutMs?: number;
  /** The search is not done before this many spans are there (default 1). */
  minSpans?: number;
  /**
   * What the caller is looking for (a span with a given parent, both spans it sent): the search is
   * not done before it holds, whatever the count. Spans of one trace arrive in batches from each
   * service on its own timer, so a count that holds for a while proves nothing by itself.
   */
  until?: (spans: FoundSpan[]) => boolean;
  /**
   * Every span the caller expects is there, as expected (doctor's own trace, whose spans and links
   * it made): the search stops at once, since no later batch can add to or change what it judges.
   * Until it holds, the search waits and settles as usual, so a span or link that is missing is
   * still waited for and then reported. Only for a trace whose spans are all known in advance.
   */
  complete?: (spans: FoundSpan[]) => boolean;
  /** How long the span count must stay the same before the search stops. */
  settleMs?: number;
  fetch?: typeof undiciFetch;
  now?: () => number;
}

export interface FindTraceResult {
  spans: FoundSpan[];
  /** Milliseconds from the first query until the spans were seen. */
  firstSeenMs: number | undefined;
  /** Milliseconds from the first query until `until` first held (undefined: it never did). */
  foundMs?: number;
  /** Milliseconds from the first query until the last change in the spans seen. */
  lastChangeMs?: number;
  attempts: number;
  /** The last error from the backend (a bad answer, a refused connection), if any. */
  lastError?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first wait between queries and the longest: a local backend shows a trace within a few hundred ms. */
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 1000;
/**
 * How fast the wait grows: gently, so a search that can stop the moment its spans arrive is not
 * left sleeping long after they did (doubling would poll at 0.3 s, then 0.7 s, then 1.5 s).
 */
const DELAY_GROWTH = 1.5;

/**
 * Polls a backend for a trace with backoff until at least `minSpans` spans are there, `until`
 * holds, and the count has stopped changing for `settleMs` (spans of one trace arrive in several
 * batches), or `complete` holds, or until the timeout. Never throws for backend trouble: the
 * caller reads lastError.
 */
export async function findTrace(
  target: QueryTarget,
  traceId: string,
  opts: FindTraceOptions,
): Promise<FindTraceResult> {
  const adapter = target.query;
  const fetchImpl = opts.fetch ?? (globalThis.fetch as unknown as typeof undiciFetch);
  const now = opts.now ?? Date.now;
  const url = adapter.traceUrl(target.url, normalizeTraceId(traceId));
  const start = now();
  const deadline = start + opts.timeoutMs;
  const settleMs = opts.settleMs ?? 1000;
  let spans: FoundSpan[] = [];
  let firstSeenMs: number | undefined;
  let lastChange = start;
  let foundMs: number | undefined;
  let attempts = 0;
  let lastError: string | undefined;
  let answered = false;
  let delay = FIRST_DELAY_MS;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 5000;
  while (now() < deadline) {
    attempts++;
    // The last request of a search gets only what is left of it; when that cut-short request
    // times out after the backend has answered before, the search ran out of time, the backend
    // did not fail.
    const cutShort = deadline - now() < requestTimeoutMs;
    try {
      const res = await fetchImpl(url, {
        signal: AbortSignal.timeout(Math.max(1, Math.min(requestTimeoutMs, deadline - now()))),
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
      answered = true;
      if (found.length !== spans.length) {
        lastChange = now();
        if (firstSeenMs === undefined && found.length) firstSeenMs = now() - start;
      }
      // The newest answer: `complete` judges the spans as they are now, not as first counted.
      spans = found;
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      if (timedOut && cutShort && answered) break;
      lastError = timedOut ? 'the query timed out' : err instanceof Error ? err.message : String(err);
    }
    const enough = spans.length > 0 && spans.length >= (opts.minSpans ?? 1) && (opts.until?.(spans) ?? true);
    if (enough && foundMs === undefined) foundMs = now() - start;
    if (enough && now() - lastChange >= settleMs) break;
    if (enough && opts.minSpans !== undefined && opts.settleMs === 0) break;
    if (enough && opts.complete?.(spans)) break;
    await sleep(Math.min(delay, Math.max(0, deadline - now())));
    delay = Math.min(delay * DELAY_GROWTH, MAX_DELAY_MS);
  }
  return {
    spans,
    firstSeenMs,
    attempts,
    ...(foundMs !== undefined ? { foundMs } : {}),
    ...(spans.length ? { lastChangeMs: lastChange - start } : {}),
    ...(lastError ? { lastError } : {}),
  };
}
