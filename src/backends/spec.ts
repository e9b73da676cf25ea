import type { PortMap } from './ports.js';

/** The backends `tracekit backend` can write and run (tracekit.yaml's backend, minus "none"). */
export const BACKEND_NAMES = ['jaeger', 'zipkin', 'tempo'] as const;
export type BackendKind = (typeof BACKEND_NAMES)[number];

export const CLOUD_TARGETS = ['aws', 'gcp'] as const;
export type CloudTarget = (typeof CLOUD_TARGETS)[number];

export type RuntimeKind = 'compose' | 'process';

/** Everything `backend up` was asked for, validated. */
export interface BackendOptions {
  backend: BackendKind;
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
  /** Attribute keys whose values the Collector masks (tracekit.yaml redaction.keys). */
  redactKeys: string[];
  /** Output folder for the generated files, relative to the project root. */
  dir: string;
}

/** A compose service definition, as it appears under `services:`. */
export type ComposeService = Record<string, unknown>;

/** How the process runtime starts a service. */
export interface ProcessCommand {
  /** Which program: resolved from a flag, an environment variable or PATH. */
  program: ProgramName;
  args: string[];
  env?: Record<string, string>;
}

/** jaeger and collector are binaries; zipkin is the server jar run on java. */
export type ProgramName = 'jaeger' | 'zipkin' | 'collector';

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

/** What a backend (or the Collector) contributes to a deployment. */
export interface Contribution {
  services: ServicePlan[];
  /** Generated config files: path relative to the output folder → content. */
  files: { path: string; content: string }[];
  volumes: string[];
  urls: BackendUrl[];
}

/** The whole deployment: what to write and what to run. */
export interface Deployment extends Contribution {
  options: BackendOptions;
  /** OTLP endpoints the services should export to (written into tracekit.yaml). */
  endpoint: { http: string; grpc: string } | undefined;
}
