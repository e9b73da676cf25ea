import type { TracekitConfig } from './schema.js';

const TRACES_PATH = '/v1/traces';

/**
 * The URL a trace exporter is given for tracekit.yaml's exporter: gRPC takes the bare
 * endpoint; OTLP/HTTP posts to <endpoint>/v1/traces. An endpoint that already ends in
 * /v1/traces is kept as it is, never doubled (the commonest silent misconfiguration).
 * Every recipe and doctor use this one function so they cannot disagree.
 */
export function otlpTracesUrl(exporter: TracekitConfig['exporter']): string {
  const base = exporter.endpoint.replace(/\/+$/, '');
  if (exporter.protocol === 'grpc' || base.endsWith(TRACES_PATH)) return base;
  return `${base}${TRACES_PATH}`;
}
