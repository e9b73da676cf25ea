import { type OtlpResourceSpans, spansFromResourceSpans } from '../../otel/otlp-json.js';
import { type QueryAdapter, trimSlash } from '../../otel/query-adapter.js';

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
