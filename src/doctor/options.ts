import type { SendProtocol } from '../otel/send-trace.js';

/** What `tracekit doctor` was asked to do, after flag parsing. */
export interface DoctorOptions {
  /** A backend id from the registry, or `none`. */
  backend?: string;
  /** OTLP endpoint (base URL, or the full /v1/traces URL), gRPC origin, or Zipkin URL. */
  endpoint?: string;
  protocol?: SendProtocol;
  queryUrl?: string;
  healthUrl?: string;
  /** A Collector sits between the SDK and the backend (its health is checked too). */
  collector: boolean;
  collectorHealthUrl?: string;
  app?: string;
  /** Every --app URL, when more than one was given (`app` is the first). */
  apps?: string[];
  /** Audit the recent traces of this service. */
  service?: string;
  /** The longest batch delay among the services --app reaches (their spans arrive that late). */
  batchDelayMs?: number;
  json: boolean;
  junit?: string;
  strict: boolean;
  /** Bound on the whole run. */
  timeoutMs: number;
  wait: boolean;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
