/**
 * The ports and paths each backend answers on by default, shared by `backend` (which writes
 * and starts them) and `doctor` (which probes them). One table, so the two cannot disagree.
 */
export interface WellKnownBackend {
  name: 'jaeger' | 'zipkin' | 'tempo' | 'collector';
  title: string;
  /** Health endpoint path on healthPort; healthy means a 2xx answer. */
  healthPort: number;
  healthPath: string;
  /** Query API port (where findTrace asks), absent for the Collector. */
  queryPort?: number;
  otlpGrpcPort?: number;
  otlpHttpPort?: number;
  /** Zipkin's JSON span intake (POST /api/v2/spans). */
  zipkinPort?: number;
}

export const WELL_KNOWN: Record<WellKnownBackend['name'], WellKnownBackend> = {
  jaeger: {
    name: 'jaeger',
    title: 'Jaeger',
    healthPort: 13133,
    healthPath: '/status',
    queryPort: 16686,
    otlpGrpcPort: 4317,
    otlpHttpPort: 4318,
  },
  zipkin: {
    name: 'zipkin',
    title: 'Zipkin',
    healthPort: 9411,
    healthPath: '/health',
    queryPort: 9411,
    zipkinPort: 9411,
  },
  tempo: {
    name: 'tempo',
    title: 'Grafana Tempo',
    healthPort: 3200,
    healthPath: '/ready',
    queryPort: 3200,
    otlpGrpcPort: 4317,
    otlpHttpPort: 4318,
  },
  // Host port of the Collector's health_check: 13133 (its in-container default) is Jaeger's on the host.
  collector: {
    name: 'collector',
    title: 'OpenTelemetry Collector',
    healthPort: 13134,
    healthPath: '/',
    otlpGrpcPort: 4317,
    otlpHttpPort: 4318,
  },
};
