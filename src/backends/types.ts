import type { SamplingMode } from '../config/choices.js';
import type { RedactionConfig } from '../config/redaction.js';
import type { QueryAdapter } from '../otel/query-adapter.js';
import type { RenderEngine } from '../render/engine.js';
import type { CachedProgramId } from '../runtime/cache.js';

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
  'sampling',
] as const;
export type PortName = (typeof PORT_NAMES)[number];
export type PortMap = Record<PortName, number>;

/** `backend up`'s compose or process runtime. */
export type RuntimeKind = 'compose' | 'process';

export const CLOUD_TARGETS = ['aws', 'gcp'] as const;
export type CloudTarget = (typeof CLOUD_TARGETS)[number];

/**
 * Where services listen and how they reach each other. In compose each container listens on
 * its image's usual port on 0.0.0.0 and peers are found by service name; published host
 * ports bind 127.0.0.1 unless --public. As processes, every listener binds a host port
 * directly (127.0.0.1 unless --public) and peers are on 127.0.0.1.
 */
export interface Network {
  runtime: RuntimeKind;
  listenHost: string;
  /** The port a service listens on: the image's port in a container, the host port as a process. */
  listenPort(containerPort: number, hostPort: number): number;
  /** host:port another service uses to reach `service`. */
  peer(service: string, containerPort: number, hostPort: number): string;
  /** A compose `ports:` entry. */
  publish(hostPort: number, containerPort: number): string;
  /** Base URL the user (and tracekit) reaches a host port at. */
  hostUrl(hostPort: number): string;
}

/** Everything `backend up` was asked for, validated. */
export interface BackendOptions {
  /** A backend id from the registry. */
  backend: string;
  collector: boolean;
  /** Collector replicas behind a load-balancing layer; 1 means a single Collector. */
  replicas: number;
  cloud: CloudTarget | undefined;
  tailSampling: boolean;
  storage: string;
  /** Publish ports on every interface instead of 127.0.0.1. */
  public: boolean;
  runtime: RuntimeKind;
  ports: PortMap;
  /** Remote sampling strategies served to the SDKs (Jaeger), or undefined for none. */
  sampling: SamplingOptions | undefined;
  /** tracekit.yaml's redaction (its defaults without one): the Collector masks the same list. */
  redaction: RedactionConfig;
  /** Output folder for the generated files, relative to the project root. */
  dir: string;
}

/** `backend up --sampling`: how the backend decides the strategies it serves. */
export interface SamplingOptions {
  mode: SamplingMode;
  /** The service name the strategies file starts with (tracekit.yaml's), if any. */
  service?: string;
  /** adaptive: traces per second to keep per service and operation. */
  targetTps: number;
  /** adaptive: how often the probabilities are calculated again (ms). */
  intervalMs: number;
}

/** A compose service definition, as it appears under `services:`. */
export type ComposeService = Record<string, unknown>;

/**
 * A program the process runtime runs, and where it looks for it: the flag (`--<flag>`), then
 * the environment variable, then tracekit's cache, then the names on PATH. A jar is run with java.
 */
export interface ProgramSpec {
  id: string;
  /** The `backend up` flag without dashes, e.g. "jaeger-bin". */
  flag: string;
  env: string;
  pathNames: string[];
  /** What it is, for help and errors: "the Jaeger v2 binary". */
  what: string;
  file: 'executable' | 'jar';
  /** The build `tracekit backend install` puts in tracekit's cache, found after the env variable. */
  cached?: CachedProgramId;
}

/** How the process runtime starts a service. */
export interface ProcessCommand {
  program: ProgramSpec;
  args: string[];
  env?: Record<string, string>;
}

/** One running part of a backend (Jaeger, Zipkin, Tempo, Grafana, a Collector, a storage service). */
export interface ServicePlan {
  name: string;
  title: string;
  /** Polled from the host until it answers 2xx (absent when the service publishes no health port). */
  healthUrl?: string;
  /** Host ports the service needs free before it starts. */
  hostPorts: number[];
  /** Runs once and exits (compose waits for it with service_completed_successfully). */
  oneShot?: boolean;
  compose?: ComposeService;
  process?: ProcessCommand;
}

/** The URLs printed after `up` and by `status`. */
export interface BackendUrl {
  label: string;
  url: string;
}

/** Where a service keeps what it stores, for `status`: a folder (whose size is shown), else words. */
export interface DataNote {
  service: string;
  where: string;
  /** A folder relative to the project root. */
  path?: string;
}

/** What a backend (or the Collector) contributes to a deployment. */
export interface Contribution {
  services: ServicePlan[];
  /**
   * Generated config files: path relative to the output folder → content. A `seed` is a starting
   * point the user edits (a strategies file): written only when absent or with --force, and a copy
   * on disk is checked by `seed`, which throws a TracekitError naming the bad field.
   */
  files: { path: string; content: string; seed?: (existing: string, file: string) => void | Promise<void> }[];
  volumes: string[];
  urls: BackendUrl[];
  data: DataNote[];
}

/** The OTLP endpoints services export to. */
export interface OtlpEndpoints {
  http: string;
  grpc: string;
}

/** The whole deployment: what to write and what to run. */
export interface Deployment extends Contribution {
  options: BackendOptions;
  /** OTLP endpoints the services should export to (written into tracekit.yaml). */
  endpoint: OtlpEndpoints | undefined;
}

/**
 * The ports and paths a backend answers on by default, shared by `backend` (which writes and
 * starts it) and `doctor` (which probes it), so the two cannot disagree.
 */
export interface WellKnownPorts {
  /** Health endpoint path on healthPort; healthy means a 2xx answer. */
  healthPort: number;
  healthPath: string;
  /** Query API port (where findTrace asks); absent for the Collector. */
  queryPort?: number;
  /** OTLP intake; absent when the backend takes no OTLP (SDKs must export its own format). */
  otlp?: OtlpEndpointsPorts;
  /** Zipkin JSON span intake (POST /api/v2/spans). */
  zipkinPort?: number;
  /** Remote sampling strategies (GET /sampling?service=NAME); absent when the backend serves none. */
  samplingPort?: number;
}

export interface OtlpEndpointsPorts {
  grpc: number;
  http: number;
}

/** Where a Collector in front of a backend sends spans. */
export interface CollectorTarget {
  /** otlp: host:port of an OTLP/gRPC receiver; zipkin: the span intake URL. */
  kind: 'otlp' | 'zipkin';
  endpoint: string;
  /** The compose service the Collector waits for. */
  service: string;
}

/**
 * Everything tracekit knows about one tracing backend. One per folder under src/backends,
 * collected in registry.ts; every list of backend names is derived from that array.
 */
export interface BackendSpec {
  id: string;
  title: string;
  /** Help for `backend up --<id>`. */
  flagHelp: string;
  wellKnown: WellKnownPorts & { queryPort: number };
  /** Default host ports of the roles that differ per backend. */
  defaultPorts: Pick<PortMap, 'ui' | 'health' | 'query-grpc'>;
  /** How doctor and the tests read one trace back. */
  query: QueryAdapter;
  /** The host ports doctor queries and probes, from a deployment's ports. */
  probePorts(ports: PortMap): { query: number; health: number };
  /** Storage choices; the first is the default. */
  storages: readonly string[];
  /** The storages the process runtime can run (no storage service beside it); the first is its default. */
  processStorages: readonly string[];
  /** Programs the process runtime runs for it; empty when it runs only with compose (Tempo is AGPL). */
  programs: readonly ProgramSpec[];
  /** Checks the environment the deployment reads at start, before anything runs; throws TracekitError. */
  preflight?(env: NodeJS.ProcessEnv, o: BackendOptions): void;
  /** Services, files, volumes and URLs of the backend itself. */
  contribute(o: BackendOptions, net: Network, engine: RenderEngine): Promise<Contribution>;
  /** Where a Collector in front of it exports. */
  collectorTarget(o: BackendOptions, net: Network): CollectorTarget;
  /** The OTLP endpoints clients use when there is no Collector (undefined: the backend takes no OTLP). */
  directOtlp(o: BackendOptions, net: Network): OtlpEndpoints | undefined;
}

/** OTLP endpoints on the host for the entry ports. */
export function entryOtlp(o: BackendOptions, net: Network): OtlpEndpoints {
  return { http: net.hostUrl(o.ports['otlp-http']), grpc: net.hostUrl(o.ports['otlp-grpc']) };
}

/** A config file path inside the output folder, as the process runtime passes it (cwd is the project root). */
export const configPath = (o: BackendOptions, rel: string) => `${o.dir}/${rel}`;
