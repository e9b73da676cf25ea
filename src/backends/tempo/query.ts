import { type OtlpResourceSpans, spansFromResourceSpans } from '../../otel/otlp-json.js';
import { type QueryAdapter, trimSlash } from '../../otel/query-adapter.js';

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
