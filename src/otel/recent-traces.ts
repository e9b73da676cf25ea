import type { fetch as undiciFetch } from 'undici';
import type { QueryTarget, RecentQuery } from './query-adapter.js';
import type { FoundSpan } from './trace-model.js';

export interface RecentTracesOptions {
  requestTimeoutMs: number;
  fetch: typeof undiciFetch;
}

/** One GET of JSON; a 404 is an answer (Jaeger says "no traces" so), other 4xx/5xx and non-JSON throw. */
async function getJson(url: string, o: RecentTracesOptions): Promise<{ status: number; body: unknown }> {
  const res = await o.fetch(url, {
    signal: AbortSignal.timeout(o.requestTimeoutMs),
    headers: { accept: 'application/json' },
  });
  const text = await res.text();
  if (res.status >= 400 && res.status !== 404) throw new Error(`answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    throw new Error(`answered ${res.status} with a body that is not JSON: ${text.slice(0, 120)}`);
  }
}

/**
 * The newest traces of a service, whole, from the backend's search API; when the search lists only
 * ids (Tempo), each trace is then read by id. Throws for backend trouble, with the backend's words.
 */
export async function recentTraces(
  target: QueryTarget,
  q: RecentQuery,
  o: RecentTracesOptions,
): Promise<FoundSpan[][]> {
  const search = target.query.recent;
  if (!search) throw new Error('the backend has no search API tracekit knows');
  const { body } = await getJson(search.url(target.url, q), o);
  const answer = search.parse(body);
  if ('traces' in answer) return answer.traces.filter((t) => t.length);
  const traces: FoundSpan[][] = [];
  for (const id of answer.traceIds.slice(0, q.limit)) {
    const { status, body: traceBody } = await getJson(target.query.traceUrl(target.url, id), o);
    const spans = target.query.parse(status, traceBody);
    if (spans?.length) traces.push(spans);
  }
  return traces;
}
