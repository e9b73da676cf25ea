import { type OtlpResourceSpans, spansFromResourceSpans } from '../../otel/otlp-json.js';
import { groupByTrace, type QueryAdapter, trimSlash } from '../../otel/query-adapter.js';

const resourceSpansOf = (body: unknown) =>
  (body as { result?: { resourceSpans?: OtlpResourceSpans[] } })?.result?.resourceSpans;

/**
 * Jaeger v2: the stable /api/v3 API answers OTLP JSON under result.resourceSpans; 404 when absent.
 * Its search (GET /api/v3/traces with query.* parameters) answers whole traces in the same shape, so
 * one reader serves both (the older /api/traces?service= answers Jaeger's UI model, without OTLP
 * resources and span kinds as tags).
 */
export const jaegerQuery: QueryAdapter = {
  traceUrl: (base, id) => `${trimSlash(base)}/api/v3/traces/${id}`,
  parse(status, body) {
    if (status === 404) return undefined;
    const rs = resourceSpansOf(body);
    if (!Array.isArray(rs)) throw new Error('Jaeger answered without result.resourceSpans');
    const spans = spansFromResourceSpans(rs);
    return spans.length ? spans : undefined;
  },
  recent: {
    url(base, q) {
      const params = new URLSearchParams({
        'query.service_name': q.service,
        'query.start_time_min': new Date(q.nowMs - q.lookbackMs).toISOString(),
        'query.start_time_max': new Date(q.nowMs).toISOString(),
        'query.num_traces': String(q.limit),
      });
      return `${trimSlash(base)}/api/v3/traces?${params}`;
    },
    parse(body) {
      const rs = resourceSpansOf(body);
      // No trace matched: Jaeger answers an error object with "trace not found" (404 in the body).
      if (!Array.isArray(rs)) {
        if ((body as { error?: { httpCode?: number } })?.error?.httpCode === 404) return { traces: [] };
        throw new Error('Jaeger answered its search without result.resourceSpans');
      }
      return { traces: groupByTrace(spansFromResourceSpans(rs)) };
    },
  },
  // The UI and the query API are one server.
  traceLink: (urls, id) => `${trimSlash(urls.queryUrl)}/trace/${id}`,
};
