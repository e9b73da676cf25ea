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
  /** The status description, when the span gave one (an error's reason). */
  statusMessage?: string;
  events: { name: string; attributes: Record<string, string | number | boolean> }[];
  /**
   * The resource's attributes (service.version, deployment.environment.name, ...). Zipkin has no
   * resource: its exporters merge these into the tags, so there they are the span's attributes.
   */
  resource?: Record<string, string | number | boolean>;
}

/** Lowercase hex, 32 digits: the form every backend's API takes. */
export function normalizeTraceId(id: string): string {
  return id.toLowerCase().padStart(32, '0');
}
