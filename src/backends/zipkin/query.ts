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

/** Zipkin: /api/v2/trace/{id} answers an array of v2 spans; 404 when absent. */
export const zipkinQuery: QueryAdapter = {
  traceUrl: (base, id) => `${trimSlash(base)}/api/v2/trace/${id}`,
  parse(status, body) {
    if (status === 404) return undefined;
    if (!Array.isArray(body)) throw new Error('Zipkin answered with something other than a span array');
    if (body.length === 0) return undefined;
    return (body as ZipkinSpan[]).map((s) => {
      const tags = s.tags ?? {};
      const kind = (s.kind ?? '').toLowerCase();
      return {
        traceId: s.traceId.padStart(32, '0'),
        spanId: s.id,
        ...(s.parentId ? { parentSpanId: s.parentId } : {}),
        name: s.name ?? '',
        serviceName: s.localEndpoint?.serviceName ?? '',
        kind: (['server', 'client', 'producer', 'consumer'].includes(kind) ? kind : 'internal') as FoundSpan['kind'],
        attributes: tags,
        status:
          tags.error !== undefined || tags['otel.status_code'] === 'ERROR'
            ? 'error'
            : tags['otel.status_code'] === 'OK'
              ? 'ok'
              : 'unset',
        events: (s.annotations ?? []).map((a) => ({ name: a.value, attributes: {} })),
      };
    });
  },
};
