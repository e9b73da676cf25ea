import { UsageError } from '../errors.js';
import { parsePortFlag } from '../flag-values.js';
import { COLLECTOR_PORTS } from './collector/index.js';
import { type BackendSpec, PORT_NAMES, type PortMap, type PortName } from './types.js';

/** Jaeger's remote sampling port, for backends that serve none (the role needs a number all the same). */
const JAEGER_SAMPLING_PORT = 5778;

/** What each port is for, shown in errors and in `--help`. */
export const PORT_ROLES: Record<PortName, string> = {
  'otlp-grpc': 'OTLP/gRPC intake (the Collector when there is one)',
  'otlp-http': 'OTLP/HTTP intake (the Collector when there is one)',
  ui: "the backend's web UI (Grafana for Tempo)",
  health: "the backend's health endpoint",
  'query-grpc': "the backend's query gRPC port (process runtime)",
  'collector-health': 'Collector health_check',
  'backend-otlp-grpc': 'backend OTLP/gRPC behind a Collector (process runtime)',
  'backend-otlp-http': 'backend OTLP/HTTP behind a Collector (process runtime)',
  sampling: 'remote sampling strategies for the SDKs (backend up --sampling)',
};

/** The default host ports for a backend: its own roles from its spec, the entry and Collector ports shared. */
export function defaultPorts(spec: BackendSpec): PortMap {
  return {
    'otlp-grpc': COLLECTOR_PORTS.otlp!.grpc,
    'otlp-http': COLLECTOR_PORTS.otlp!.http,
    ...spec.defaultPorts,
    'collector-health': COLLECTOR_PORTS.healthPort,
    'backend-otlp-grpc': 14317,
    'backend-otlp-http': 14318,
    sampling: spec.wellKnown.samplingPort ?? JAEGER_SAMPLING_PORT,
  };
}

/** Applies `name=number` flags over the backend's defaults; a bad name or number is a usage error. */
export function resolvePorts(spec: BackendSpec, flags: string[] = []): PortMap {
  const ports = defaultPorts(spec);
  for (const flag of flags) {
    const { name, port } = parsePortFlag(flag, PORT_NAMES, PORT_ROLES);
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
