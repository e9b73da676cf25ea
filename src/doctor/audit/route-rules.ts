import { byService, isHttp, namesOf, serviceTitle } from './span-facts.js';
import type { AuditRule, RuleFinding } from './types.js';

/** Server spans of HTTP requests without http.route: the backend cannot group requests by endpoint. */
export const httpRouteRule: AuditRule = {
  id: 'http-route',
  summary: 'HTTP server spans carry http.route (the route template)',
  run(trace) {
    const missing = trace.filter((s) => s.kind === 'server' && isHttp(s) && s.attributes['http.route'] === undefined);
    return [...byService(missing)].map(([service, spans]) => ({
      level: 'warn',
      message: `HTTP server spans of ${serviceTitle(service)} have no http.route: ${namesOf(spans)}`,
      key: service,
      hint:
        'Set the route template on the server span: a framework instrumentation (Express, Fastify, Flask, Django, ' +
        "FastAPI, chi, gin) does it; for a plain router call tracekit's setRoute('/users/:id') (Node) or wrap the " +
        'handler with otelhttp.WithRouteTag (Go).',
      spanIds: spans.map((s) => s.spanId),
    }));
  },
};

/** A path segment that is an identifier, not part of a route: a number, a UUID, a long hex or mixed token. */
const ID_SEGMENT = [
  /^\d{2,}$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^(?=.*\d)[0-9a-f]{12,}$/i,
  /^(?=.*\d)(?=.*[a-z])[A-Za-z0-9_-]{20,}$/,
];

/** A percent-decoded path segment; a malformed escape leaves it as it is (it is a name, not a URL to fetch). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path part of a span name such as "GET /users/42", or of the whole name when it is a path. */
function pathIn(name: string): string | undefined {
  return /(?:^|\s)(\/\S*)/.exec(name)?.[1];
}

/** True when a span name carries an identifier in a path segment (one name per user, order, ...). */
export function hasIdInPath(name: string): boolean {
  const path = pathIn(name);
  if (!path) return false;
  return path.split(/[/?#]/).some((segment) => ID_SEGMENT.some((re) => re.test(decoded(segment))));
}

/** Span names made of raw paths with ids: every distinct name becomes its own operation. */
export const spanNameCardinalityRule: AuditRule = {
  id: 'span-name-cardinality',
  summary: 'span names are templates, not raw paths with ids (one name per endpoint, not per request)',
  run(trace) {
    const raw = trace.filter((s) => hasIdInPath(s.name));
    return [...byService(raw)].map(
      ([service, spans]): RuleFinding => ({
        level: 'warn',
        message: `span names of ${serviceTitle(service)} carry ids in a raw path: ${namesOf(spans)}`,
        key: service,
        hint:
          'Name spans by the route template ("GET /users/:id") and leave the concrete path to url.path: ' +
          "each distinct name is a new operation in the backend's index and a new series in span metrics.",
        spanIds: spans.map((s) => s.spanId),
      }),
    );
  },
};
