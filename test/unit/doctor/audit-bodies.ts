/**
 * One trace written in each backend's answer shape, as the backends document and send them:
 * Jaeger /api/v3 (OTLP JSON: hex ids, enum numbers), Tempo /api/traces (protobuf JSON: base64 ids,
 * enum names, int64 as strings; `batches` before 2.6) and Zipkin /api/v2/trace (v2 spans: tags as
 * strings with the resource merged in, status in otel.status_code and error, events as annotations
 * in the Collector's `name|{attributes}|dropped` form).
 */
export interface SpanSpec {
  id: string;
  parent?: string;
  name: string;
  kind: 'server' | 'client' | 'internal';
  service: string;
  attrs?: Record<string, string | number>;
  status?: 'ok' | 'error';
  statusMessage?: string;
  events?: { name: string; attrs?: Record<string, string> }[];
}

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Resource attributes per service; a service absent here gets a full, healthy resource. */
export type Resources = Record<string, Record<string, string>>;

const resourceOf = (service: string, resources: Resources) =>
  resources[service] ?? {
    'service.name': service,
    'service.version': '1.4.2',
    'deployment.environment.name': 'production',
  };

const KIND_NUMBER = { internal: 1, server: 2, client: 3 } as const;

function otlpValue(v: string | number, int64AsString: boolean) {
  if (typeof v === 'string') return { stringValue: v };
  return Number.isInteger(v) ? { intValue: int64AsString ? String(v) : v } : { doubleValue: v };
}
const otlpAttributes = (attrs: Record<string, string | number> | undefined, int64AsString: boolean) =>
  Object.entries(attrs ?? {}).map(([key, v]) => ({ key, value: otlpValue(v, int64AsString) }));

function resourceSpans(spans: SpanSpec[], resources: Resources, tempo: boolean) {
  const id = (hex: string) => (tempo ? Buffer.from(hex, 'hex').toString('base64') : hex);
  const services = [...new Set(spans.map((s) => s.service))];
  return services.map((service) => ({
    resource: { attributes: otlpAttributes(resourceOf(service, resources), tempo) },
    scopeSpans: [
      {
        scope: { name: 'recorded' },
        spans: spans
          .filter((s) => s.service === service)
          .map((s) => ({
            traceId: id(TRACE_ID),
            spanId: id(s.id),
            ...(s.parent ? { parentSpanId: id(s.parent) } : tempo ? { parentSpanId: '' } : {}),
            name: s.name,
            kind: tempo ? `SPAN_KIND_${s.kind.toUpperCase()}` : KIND_NUMBER[s.kind],
            attributes: otlpAttributes(s.attrs, tempo),
            status: s.status
              ? {
                  code: tempo ? `STATUS_CODE_${s.status.toUpperCase()}` : s.status === 'error' ? 2 : 1,
                  ...(s.statusMessage ? { message: s.statusMessage } : {}),
                }
              : {},
            events: (s.events ?? []).map((e) => ({ name: e.name, attributes: otlpAttributes(e.attrs, tempo) })),
          })),
      },
    ],
  }));
}

export const jaegerBody = (spans: SpanSpec[], resources: Resources = {}) => ({
  result: { resourceSpans: resourceSpans(spans, resources, false) },
});

export const tempoBody = (spans: SpanSpec[], resources: Resources = {}) => ({
  resourceSpans: resourceSpans(spans, resources, true),
});

export function zipkinBody(spans: SpanSpec[], resources: Resources = {}) {
  return spans.map((s) => {
    const { 'service.name': _, ...resource } = resourceOf(s.service, resources);
    const attrs = Object.fromEntries(Object.entries(s.attrs ?? {}).map(([k, v]) => [k, String(v)]));
    const status =
      s.status === 'error'
        ? {
            'otel.status_code': 'Error',
            ...(s.statusMessage ? { 'otel.status_description': s.statusMessage, error: s.statusMessage } : {}),
          }
        : s.status === 'ok'
          ? { 'otel.status_code': 'Ok' }
          : {};
    return {
      traceId: TRACE_ID,
      id: s.id,
      ...(s.parent ? { parentId: s.parent } : {}),
      name: s.name,
      ...(s.kind === 'internal' ? {} : { kind: s.kind.toUpperCase() }),
      localEndpoint: { serviceName: s.service },
      tags: { ...resource, ...attrs, ...status },
      ...(s.events?.length
        ? { annotations: s.events.map((e) => ({ value: `${e.name}|${JSON.stringify(e.attrs ?? {})}|0` })) }
        : {}),
    };
  });
}
