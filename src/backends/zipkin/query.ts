import { type QueryAdapter, trimSlash } from '../../otel/query-adapter.js';
import type { FoundSpan } from '../../otel/trace-model.js';

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: string;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
  annotations?: { value: string }[];
}

type Attributes = FoundSpan['events'][number]['attributes'];

/** A JSON object of attributes, or undefined when the text is not one. */
function attributesIn(text: string): Attributes | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Attributes) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A span event as the exporters write it into an annotation: the Collector as `name|{attributes}|dropped`,
 * the Python SDK as `{"name": {attributes}}`, the JS SDK as the bare name.
 */
function eventOf(value: string): FoundSpan['events'][number] {
  const piped = /^([^|{]+)\|(\{.*\})\|\d+$/s.exec(value);
  const pipedAttributes = piped ? attributesIn(piped[2]!) : undefined;
  if (piped && pipedAttributes) return { name: piped[1]!, attributes: pipedAttributes };
  const wrapped = value.startsWith('{') ? attributesIn(value) : undefined;
  const keys = wrapped ? Object.keys(wrapped) : [];
  if (wrapped && keys.length === 1 && typeof wrapped[keys[0]!] === 'object')
    return { name: keys[0]!, attributes: wrapped[keys[0]!] as unknown as Attributes };
  return { name: value, attributes: {} };
}

/** The status description: the Collector's otel.status_description, else the error tag ("true" says nothing). */
const statusMessageOf = (tags: Record<string, string>) =>
  tags['otel.status_description'] || (tags.error && tags.error !== 'true' ? tags.error : undefined);

function spanOf(s: ZipkinSpan): FoundSpan {
  const tags = s.tags ?? {};
  const kind = (s.kind ?? '').toLowerCase();
  // The JS SDK writes ERROR, the Collector Error: the case is not part of the meaning.
  const statusCode = (tags['otel.status_code'] ?? '').toUpperCase();
  return {
    traceId: s.traceId.padStart(32, '0'),
    spanId: s.id,
    ...(s.parentId ? { parentSpanId: s.parentId } : {}),
    name: s.name ?? '',
    serviceName: s.localEndpoint?.serviceName ?? '',
    kind: (['server', 'client', 'producer', 'consumer'].includes(kind) ? kind : 'internal') as FoundSpan['kind'],
    attributes: tags,
    status: tags.error !== undefined || statusCode === 'ERROR' ? 'error' : statusCode === 'OK' ? 'ok' : 'unset',
    ...(statusMessageOf(tags) ? { statusMessage: statusMessageOf(tags) } : {}),
    events: (s.annotations ?? []).map((a) => eventOf(a.value)),
    // Zipkin has no resource: the exporters merge its attributes into the tags.
    resource: tags,
  };
}

/** Zipkin: /api/v2/trace/{id} answers an array of v2 spans; 404 when absent. */
export const zipkinQuery: QueryAdapter = {
  traceUrl: (base, id) => `${trimSlash(base)}/api/v2/trace/${id}`,
  parse(status, body) {
    if (status === 404) return undefined;
    if (!Array.isArray(body)) throw new Error('Zipkin answered with something other than a span array');
    if (body.length === 0) return undefined;
    return (body as ZipkinSpan[]).map(spanOf);
  },
  recent: {
    // lookback and endTs are epoch milliseconds; the answer is an array of traces, each an array of spans.
    url: (base, q) =>
      `${trimSlash(base)}/api/v2/traces?${new URLSearchParams({
        serviceName: q.service,
        limit: String(q.limit),
        lookback: String(q.lookbackMs),
        endTs: String(q.nowMs),
      })}`,
    parse(body) {
      if (!Array.isArray(body) || !body.every(Array.isArray))
        throw new Error('Zipkin answered its search with something other than an array of span arrays');
      return { traces: (body as ZipkinSpan[][]).map((trace) => trace.map(spanOf)) };
    },
  },
  // The UI is served by the same server, under /zipkin.
  traceLink: (urls, id) => `${trimSlash(urls.queryUrl)}/zipkin/traces/${id}`,
};
