import { type OtlpResourceSpans, spansFromResourceSpans } from './otlp-json.js';
import type { FoundSpan } from './trace-model.js';

/**
 * How to ask each backend for one trace and read its answer. `parse` returns undefined
 * when the body says the trace is not there (yet).
 */
export interface QueryAdapter {
  traceUrl(base: string, traceId: string): string;
  parse(status: number, body: unknown): FoundSpan[] | undefined;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Jaeger v2: the stable /api/v3 API answers OTLP JSON under result.resourceSpans; 404 when absent. */
export const jaegerQuery: QueryAdapter = {
  traceUrl: (base, id) => `${trimSlash(base)}/api/v3/traces/${id}`,
  parse(status, body) {
    if (status === 404) return undefined;
    const rs = (body as { result?: { resourceSpans?: OtlpResourceSpans[] } })?.result?.resourceSpans;
    if (!Array.isArray(rs)) throw new Error('Jaeger answered without result.resourceSpans');
    const spans = spansFromResourceSpans(rs);
    return spans.length ? spans : undefined;
  },
};

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

/** Tempo: /api/traces/{id} answers `batches` before 2.6 and `resourceSpans` after; accept both. */
export const tempoQuery: QueryAdapter = {
  traceUrl: (base, id) => `${trimSlash(base)}/api/traces/${id}`,
  parse(status, body) {
    if (status === 404) return undefined;
    const b = body as { batches?: OtlpResourceSpans[]; resourceSpans?: OtlpResourceSpans[] };
    const rs = b?.resourceSpans ?? b?.batches;
    if (!Array.isArray(rs)) throw new Error('Tempo answered without resourceSpans or batches');
    const spans = spansFromResourceSpans(rs);
    return spans.length ? spans : undefined;
  },
};

export const QUERY_ADAPTERS = { jaeger: jaegerQuery, zipkin: zipkinQuery, tempo: tempoQuery } as const;
