import type { FoundSpan } from './trace-model.js';

/**
 * Reads OTLP/JSON resourceSpans (Jaeger's /api/v3 and Tempo's APIs return this shape).
 * Ids may be hex (OTLP/JSON) or base64 (protobuf JSON mapping, which some releases emit).
 */
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number | string;
  attributes?: OtlpKeyValue[];
  status?: { code?: number | string; message?: string };
  events?: { name: string; attributes?: OtlpKeyValue[] }[];
}
export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: { spans?: OtlpSpan[] }[];
  /** Tempo before 2.6 called scopeSpans this. */
  instrumentationLibrarySpans?: { spans?: OtlpSpan[] }[];
}

function scalarOf(v: OtlpValue | undefined): string | number | boolean {
  if (!v) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map((x) => String(scalarOf(x))).join(',');
  return '';
}

export function attributesOf(kvs: OtlpKeyValue[] | undefined): Record<string, string | number | boolean> {
  return Object.fromEntries((kvs ?? []).map((kv) => [kv.key, scalarOf(kv.value)]));
}

/** Hex id from OTLP/JSON: already hex, or base64 of the raw bytes. */
export function hexId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 16 || id.length === 32)) return id.toLowerCase();
  const hex = Buffer.from(id, 'base64').toString('hex');
  return /^0+$/.test(hex) ? undefined : hex;
}

const KINDS: FoundSpan['kind'][] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const kindOf = (k: number | string | undefined): FoundSpan['kind'] =>
  typeof k === 'number'
    ? (KINDS[k] ?? 'unspecified')
    : ((k ?? '').replace('SPAN_KIND_', '').toLowerCase() as FoundSpan['kind']) || 'unspecified';
const statusOf = (c: number | string | undefined): FoundSpan['status'] =>
  c === 2 || c === 'STATUS_CODE_ERROR' ? 'error' : c === 1 || c === 'STATUS_CODE_OK' ? 'ok' : 'unset';

/** Flattens resourceSpans into FoundSpans. */
export function spansFromResourceSpans(resourceSpans: OtlpResourceSpans[]): FoundSpan[] {
  const out: FoundSpan[] = [];
  for (const rs of resourceSpans) {
    const resource = attributesOf(rs.resource?.attributes);
    const serviceName = String(resource['service.name'] ?? '');
    for (const ss of [...(rs.scopeSpans ?? []), ...(rs.instrumentationLibrarySpans ?? [])]) {
      for (const s of ss.spans ?? []) {
        const parent = hexId(s.parentSpanId);
        out.push({
          traceId: hexId(s.traceId) ?? '',
          spanId: hexId(s.spanId) ?? '',
          ...(parent ? { parentSpanId: parent } : {}),
          name: s.name,
          serviceName,
          kind: kindOf(s.kind),
          attributes: attributesOf(s.attributes),
          status: statusOf(s.status?.code),
          ...(s.status?.message ? { statusMessage: s.status.message } : {}),
          events: (s.events ?? []).map((e) => ({ name: e.name, attributes: attributesOf(e.attributes) })),
          resource,
        });
      }
    }
  }
  return out;
}
