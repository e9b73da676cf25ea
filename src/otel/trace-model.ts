/** A span as read back from a backend, in one shape whatever the backend's format. */
export interface FoundSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  serviceName: string;
  kind: 'server' | 'client' | 'internal' | 'producer' | 'consumer' | 'unspecified';
  /** Span attributes with values as strings, numbers or booleans (arrays joined). */
  attributes: Record<string, string | number | boolean>;
  status: 'unset' | 'ok' | 'error';
  events: { name: string; attributes: Record<string, string | number | boolean> }[];
}

/** Lowercase hex, 32 digits: the form every backend's API takes. */
export function normalizeTraceId(id: string): string {
  return id.toLowerCase().padStart(32, '0');
}
