import { type OtlpResourceSpans, spansFromResourceSpans } from '../../otel/otlp-json.js';
import { type QueryAdapter, trimSlash } from '../../otel/query-adapter.js';
import { normalizeTraceId } from '../../otel/trace-model.js';

/** The datasource uid tracekit provisions in Grafana (templates/backends/grafana/datasource-tempo.yaml.hbs). */
const GRAFANA_DATASOURCE_UID = 'tempo';

/** Grafana Explore with the Tempo datasource showing one trace (Explore's `panes` URL form, Grafana 10+). */
function exploreUrl(uiUrl: string, traceId: string): string {
  const datasource = { type: 'tempo', uid: GRAFANA_DATASOURCE_UID };
  const panes = {
    trace: {
      datasource: GRAFANA_DATASOURCE_UID,
      queries: [{ refId: 'A', datasource, queryType: 'traceql', query: traceId }],
      range: { from: 'now-1h', to: 'now' },
    },
  };
  return `${trimSlash(uiUrl)}/explore?${new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify(panes) })}`;
}

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
  recent: {
    // TraceQL on the resource attribute; start and end are epoch seconds. The answer holds only each
    // trace's summary (traceID, root service and span name), so the traces are then read one by one.
    url: (base, q) =>
      `${trimSlash(base)}/api/search?${new URLSearchParams({
        q: `{resource.service.name=${JSON.stringify(q.service)}}`,
        limit: String(q.limit),
        start: String(Math.floor((q.nowMs - q.lookbackMs) / 1000)),
        end: String(Math.ceil(q.nowMs / 1000)),
      })}`,
    parse(body) {
      const traces = (body as { traces?: { traceID?: string }[] })?.traces;
      if (!Array.isArray(traces)) throw new Error('Tempo answered its search without traces');
      // Tempo drops the leading zeros of the ids it lists.
      return { traceIds: traces.flatMap((t) => (t.traceID ? [normalizeTraceId(t.traceID)] : [])) };
    },
  },
  traceLink: (urls, id) => exploreUrl(urls.uiUrl, id),
};
