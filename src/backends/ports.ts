import { UsageError } from '../errors.js';
import type { BackendKind } from './spec.js';
import { WELL_KNOWN } from './well-known.js';

/**
 * Host ports of a deployment, by role. Every one can be moved with `--port name=number`
 * (tests use free ports; users dodge a port that something else holds).
 */
export const PORT_NAMES = [
  'otlp-grpc',
  'otlp-http',
  'ui',
  'health',
  'query-grpc',
  'collector-health',
  'backend-otlp-grpc',
  'backend-otlp-http',
] as const;
export type PortName = (typeof PORT_NAMES)[number];
export type PortMap = Record<PortName, number>;

/** What each port is for, shown in errors and in `--help`. */
export const PORT_ROLES: Record<PortName, string> = {
  'otlp-grpc': 'OTLP/gRPC intake (the Collector when there is one)',
  'otlp-http': 'OTLP/HTTP intake (the Collector when there is one)',
  ui: 'web UI (Jaeger, Zipkin, or Grafana for Tempo)',
  health: 'backend health (Jaeger 13133, Tempo 3200)',
  'query-grpc': 'Jaeger query gRPC (process runtime)',
  'collector-health': 'Collector health_check',
  'backend-otlp-grpc': 'backend OTLP/gRPC behind a Collector (process runtime)',
  'backend-otlp-http': 'backend OTLP/HTTP behind a Collector (process runtime)',
};

const UI_PORT: Record<BackendKind, number> = {
  jaeger: WELL_KNOWN.jaeger.queryPort!,
  zipkin: WELL_KNOWN.zipkin.queryPort!,
  tempo: 3000,
};

/** The default host ports for a backend (the Collector's health is off 13133, which Jaeger uses). */
export function defaultPorts(backend: BackendKind): PortMap {
  const wk = WELL_KNOWN[backend];
  return {
    'otlp-grpc': WELL_KNOWN.collector.otlpGrpcPort!,
    'otlp-http': WELL_KNOWN.collector.otlpHttpPort!,
    ui: UI_PORT[backend],
    health: wk.healthPort,
    'query-grpc': backend === 'tempo' ? 9095 : 16685,
    'collector-health': WELL_KNOWN.collector.healthPort,
    'backend-otlp-grpc': 14317,
    'backend-otlp-http': 14318,
  };
}

/** Parses `name=number` flags over the defaults; a bad name or number is a usage error. */
export function resolvePorts(backend: BackendKind, flags: string[] = []): PortMap {
  const ports = defaultPorts(backend);
  for (const flag of flags) {
    const m = /^([a-z-]+)=(\d{1,5})$/.exec(flag.trim());
    const name = m?.[1] as PortName | undefined;
    const port = Number(m?.[2]);
    if (!m || !name || !(PORT_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(
        `--port ${JSON.stringify(flag)} is not name=number with a known name.`,
        `Known port names: ${PORT_NAMES.map((n) => `${n}: ${PORT_ROLES[n]}`).join('; ')}.`,
      );
    }
    if (port < 1 || port > 65535)
      throw new UsageError(`--port ${flag}: ${port} is not a TCP port.`, 'Use a number from 1 to 65535.');
    ports[name] = port;
  }
  return ports;
}

/** Two roles on one host port can never both listen: refuse before anything starts. */
export function assertDistinct(used: { name: string; port: number }[]): void {
  const seen = new Map<number, string>();
  for (const u of used) {
    const other = seen.get(u.port);
    if (other && other !== u.name) {
      throw new UsageError(
        `Port ${u.port} is given to both ${other} and ${u.name}.`,
        'Move one of them with --port name=number.',
      );
    }
    seen.set(u.port, u.name);
  }
}
