import type { fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { findTrace } from '../../../src/otel/find-trace.js';
import type { QueryAdapter } from '../../../src/otel/query-adapter.js';

const notThere: QueryAdapter = { traceUrl: (base, id) => `${base}/${id}`, parse: () => undefined };
const target = { query: notThere, url: 'http://backend' };
const traceId = '0af7651916cd43dd8448eb211c80319c';

/** A query API that answers 404 at once, except the requests listed, which never answer. */
function backend(hangOn: (attempt: number) => boolean): typeof undiciFetch {
  let attempt = 0;
  return (async (_url: unknown, init?: { signal?: AbortSignal }) => {
    attempt++;
    if (!hangOn(attempt)) return new Response('', { status: 404 });
    return new Promise((_resolve, reject) =>
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
    );
  }) as unknown as typeof undiciFetch;
}

describe('findTrace', () => {
  it('a last request cut short by the search deadline is not a query failure', async () => {
    // Every request after the second hangs: the search's time runs out inside a request that got
    // only what was left of it, after the backend had answered "not there" twice.
    const r = await findTrace(target, traceId, {
      timeoutMs: 400,
      requestTimeoutMs: 5000,
      fetch: backend((n) => n > 2),
    });
    expect(r.spans).toEqual([]);
    expect(r.lastError).toBeUndefined();
  });

  it('a request that times out on its own timeout is a query failure', async () => {
    const r = await findTrace(target, traceId, {
      timeoutMs: 600,
      requestTimeoutMs: 100,
      fetch: backend((n) => n > 1),
    });
    expect(r.lastError).toBe('the query timed out');
  });

  it('a backend that never answered is a query failure even when the deadline cut its request', async () => {
    const r = await findTrace(target, traceId, {
      timeoutMs: 200,
      requestTimeoutMs: 5000,
      fetch: backend(() => true),
    });
    expect(r.lastError).toBe('the query timed out');
  });
});
