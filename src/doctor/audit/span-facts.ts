import type { FoundSpan } from '../../otel/trace-model.js';

/** The first of these attributes the span has (semantic conventions renamed several). */
export function attributeOf(span: FoundSpan, ...keys: string[]): string | number | boolean | undefined {
  for (const key of keys) {
    const v = span.attributes[key];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** An HTTP span: it has a request method (current or pre-1.21 conventions). */
export const isHttp = (span: FoundSpan) => attributeOf(span, 'http.request.method', 'http.method') !== undefined;

/** The HTTP response status code, or undefined. */
export function httpStatusOf(span: FoundSpan): number | undefined {
  const v = Number(attributeOf(span, 'http.response.status_code', 'http.status_code'));
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);
/** A host as a key: loopback names made one; a port stuck to it dropped (Python's net.host.name is "host:port"). */
function hostKey(host: string): string {
  const bare = /^[^:[\]]+:\d+$/.test(host) ? host.slice(0, host.lastIndexOf(':')) : host;
  return LOOPBACK.has(bare.toLowerCase()) ? 'localhost' : bare.toLowerCase();
}

function fromUrl(raw: string | number | boolean | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const u = new URL(raw);
    return u.port ? `${hostKey(u.hostname)}:${u.port}` : undefined;
  } catch {
    return undefined;
  }
}

const joined = (host: unknown, port: unknown) =>
  host !== undefined && port !== undefined ? `${hostKey(String(host))}:${port}` : undefined;

/** host:port a client span called (loopback names made one), or undefined when it does not say. */
export function calledEndpoint(span: FoundSpan): string | undefined {
  return (
    joined(attributeOf(span, 'server.address', 'net.peer.name'), attributeOf(span, 'server.port', 'net.peer.port')) ??
    fromUrl(attributeOf(span, 'url.full', 'http.url'))
  );
}

/** host:port a server span was reached at (loopback names made one), or undefined when it does not say. */
export function servedEndpoint(span: FoundSpan): string | undefined {
  const hostHeader = attributeOf(span, 'http.host');
  return (
    joined(attributeOf(span, 'server.address', 'net.host.name'), attributeOf(span, 'server.port', 'net.host.port')) ??
    (typeof hostHeader === 'string' && hostHeader.includes(':') ? fromUrl(`http://${hostHeader}`) : undefined)
  );
}

/** Up to three distinct quoted names, then how many more: for messages. */
export function someNames(names: string[]): string {
  const distinct = [...new Set(names)];
  const shown = distinct.slice(0, 3).map((n) => `"${n}"`);
  return distinct.length > 3 ? `${shown.join(', ')} and ${distinct.length - 3} more` : shown.join(', ');
}

/** The names of the spans, for messages. */
export const namesOf = (spans: FoundSpan[]) => someNames(spans.map((s) => s.name));

/** "name (service)" of each span, for messages that span services. */
export const namesWithService = (spans: FoundSpan[]) => someNames(spans.map((s) => `${s.name} (${s.serviceName})`));

/** A service's name for messages, when it has none. */
export const serviceTitle = (service: string) => service || 'a service without a name';

/** Spans grouped by their service, in order of first appearance. */
export function byService(spans: FoundSpan[]): Map<string, FoundSpan[]> {
  const out = new Map<string, FoundSpan[]>();
  for (const s of spans) out.set(s.serviceName, [...(out.get(s.serviceName) ?? []), s]);
  return out;
}
