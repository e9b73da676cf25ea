import type { RenderEngine } from '../render/engine.js';
import type { Network } from './network.js';
import type { BackendKind, BackendOptions, Contribution } from './spec.js';

/** Where a Collector in front of a backend sends spans. */
export interface CollectorTarget {
  /** otlp: host:port of an OTLP/gRPC receiver; zipkin: the span intake URL. */
  kind: 'otlp' | 'zipkin';
  endpoint: string;
  /** The compose service the Collector waits for. */
  service: string;
}

/** Everything `backend` knows about one tracing backend, as data plus two small functions. */
export interface BackendSpec {
  name: BackendKind;
  title: string;
  /** Storage choices; the first is the default. */
  storages: readonly string[];
  /** Can the process runtime run it (Tempo is AGPL and has no process recipe here). */
  processRuntime: boolean;
  /** Services, files, volumes and URLs of the backend itself. */
  contribute(o: BackendOptions, net: Network, engine: RenderEngine): Promise<Contribution>;
  /** Where a Collector in front of it exports. */
  collectorTarget(o: BackendOptions, net: Network): CollectorTarget;
  /** The OTLP endpoints clients use when there is no Collector (undefined: the backend takes no OTLP). */
  directOtlp(o: BackendOptions, net: Network): { http: string; grpc: string } | undefined;
}

/** OTLP endpoints on the host for the entry ports. */
export function entryOtlp(o: BackendOptions, net: Network): { http: string; grpc: string } {
  return { http: net.hostUrl(o.ports['otlp-http']), grpc: net.hostUrl(o.ports['otlp-grpc']) };
}

/** A config file path inside the output folder, as the process runtime passes it (cwd is the project root). */
export const configPath = (o: BackendOptions, rel: string) => `${o.dir}/${rel}`;
