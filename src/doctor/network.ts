import type { Fetch } from '../context.js';

/** Why a request got no usable answer, in words a user can act on. */
export interface NetFailure {
  kind: 'refused' | 'timeout' | 'not-http' | 'closed' | 'dns' | 'tls' | 'blocked-port' | 'other';
  message: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
}

/** Every code and name along an error's `cause` chain (undici and http2 wrap the socket error). */
function codesOf(err: unknown): string[] {
  const out: string[] = [];
  let e = err as { code?: string; cause?: unknown; name?: string } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') out.push('TIMEOUT');
    if (e.name === 'HTTPParserError') out.push('HPE_PARSE');
    if (e.code) out.push(e.code);
    e = e.cause as typeof e;
  }
  return out;
}

const TIMEOUTS = ['TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'];
const GARBLED = ['ERR_HTTP2_ERROR', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_INVALID_SESSION'];
const CLOSED = ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ERR_HTTP2_GOAWAY_SESSION'];

/**
 * Sorts a network error into a NetFailure whose message names `where` and the cause;
 * `expected` names the protocol spoken.
 */
export function classifyNetError(err: unknown, where: string, timeoutMs: number, expected = 'HTTP'): NetFailure {
  const codes = codesOf(err);
  const has = (list: string[]) => codes.find((c) => list.includes(c));
  const seconds = `${(timeoutMs / 1000).toFixed(timeoutMs < 1000 ? 1 : 0)}s`;
  // The socket's own cause is the most telling, whatever wraps it, so look for it first.
  if (codes.includes('ECONNREFUSED'))
    return { kind: 'refused', message: `nothing listens on ${where} (connection refused)` };
  if (has(TIMEOUTS))
    return {
      kind: 'timeout',
      message:
        `${where} did not answer within ${seconds} ` +
        '(it accepted the connection or the request and then went silent)',
    };
  if (has(['ENOTFOUND', 'EAI_AGAIN'])) return { kind: 'dns', message: `the host of ${where} does not resolve` };
  const garbled = codes.find((c) => c.startsWith('HPE_')) ?? has(GARBLED);
  if (garbled)
    return { kind: 'not-http', message: `${where} answered with bytes that are not ${expected} (${garbled})` };
  const closed = has(CLOSED);
  if (closed) return { kind: 'closed', message: `${where} closed the connection without an answer (${closed})` };
  const tls = codes.find((c) => c.startsWith('ERR_TLS') || c.includes('CERT') || c === 'EPROTO');
  if (tls) return { kind: 'tls', message: `TLS to ${where} failed (${tls})` };
  const msg = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  // fetch refuses the Fetch standard's blocked ports (9, 25, 6000, ...) before connecting: say so.
  if (msg === 'bad port') {
    return {
      kind: 'blocked-port',
      message: `${where} uses a port that fetch refuses to connect to (a blocked port of the Fetch standard); move it`,
    };
  }
  return { kind: 'other', message: `${where}: ${msg}${codes[0] ? ` (${codes[0]})` : ''}` };
}

/** host:port of a URL, for messages. */
export function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

/** One HTTP request with its own timeout covering the body too; never throws. */
export async function httpRequest(
  fetch: Fetch,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; timeoutMs: number },
): Promise<HttpAnswer | { failure: NetFailure }> {
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(Math.max(1, init.timeoutMs)),
    });
    const body = await res.text();
    return { status: res.status, body: body.slice(0, 2000), contentType: res.headers.get('content-type') ?? '' };
  } catch (err) {
    return { failure: classifyNetError(err, hostPort(url), init.timeoutMs) };
  }
}

/** A short, single-line excerpt of a body for a message. */
export function excerpt(body: string, max = 160): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
