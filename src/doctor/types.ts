import type { DeploymentRecord } from '../backends/deployment-record.js';
import type { AnyConfig } from '../config/schema.js';
import type { Fetch } from '../context.js';
import type { SendProtocol, SentTrace } from '../otel/send-trace.js';
import type { FoundSpan } from '../otel/trace-model.js';
import type { DoctorOptions } from './options.js';
import type { OtelEnv } from './otel-env.js';
import type { SettingOrigin, Sourced } from './setting-source.js';

/** The outcome of one check. `skip` means it did not run (not applicable, or a check it needs failed). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** What a check found: one line of detail, a hint with the fix when not `pass`, and structured data for --json. */
export interface CheckResult {
  status: CheckStatus;
  detail: string;
  hint?: string;
  /** Filled in by the runner. */
  durationMs: number;
  data?: Record<string, unknown>;
}

/** What a check returns; the runner adds the timing. */
export type CheckOutcome = Omit<CheckResult, 'durationMs'>;

/**
 * A check's id, from the CHECKS array (src/doctor/checks/index.ts). Ids are part of the --json and
 * JUnit output: never rename one.
 */
export type CheckId = string;

/** One diagnostic step: data plus a run function that never prints. */
export interface Check {
  id: CheckId;
  title: string;
  /** Checks that must not have failed for this one to be worth running. */
  needs: CheckId[];
  /** What the check does, why it fails and how to fix it (`tracekit doctor --explain <id>`). */
  explain: string;
  /** Its own time limit; `remaining` takes whatever is left of the run's --timeout. */
  timeoutMs: (ctx: DoctorContext) => number | 'remaining';
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

/** The exporter's URL and where it came from; `appendsTracesPath` when the SDK adds /v1/traces to that setting. */
export type IngestSetting = Sourced<string> & { appendsTracesPath: boolean };

/**
 * Where doctor sends and looks, after flags, OTEL_* variables and tracekit.yaml were merged
 * (in that order of precedence, as an SDK would read them). Each source names the setting a
 * value came from, so a hint can say exactly which one to change.
 */
export interface DoctorSettings {
  /** A backend id from the registry, or `none`. */
  backend: string;
  protocol: SendProtocol;
  protocolSource: Sourced<SendProtocol>;
  /** OTLP/HTTP: the full /v1/traces URL; gRPC: the origin; Zipkin: the /api/v2/spans URL. Undefined when unusable. */
  ingestUrl?: string;
  /** The URL as configured (even when unusable) and its source. */
  ingestSource: IngestSetting;
  /** Exporter headers; values are secrets and are never printed. */
  headers: Record<string, string>;
  collector?: { healthUrl: string };
  queryUrl?: string;
  healthUrl?: string;
  /** The service name the application's SDK would report. */
  serviceName?: string;
  sampler: { name: string; arg?: string; from: SettingOrigin; label: string };
  propagators: Sourced<string[]>;
  /** How long a service may hold its spans before exporting them (the batch span processor's delay). */
  batchDelay: Sourced<number>;
  app?: string;
  /** Every --app URL, when more than one was given (`app` is the first). */
  apps?: string[];
  /** --service: the service whose recent traces the audit reads. */
  service?: string;
  /** The backend's UI (Grafana for Tempo), for links to a trace. */
  uiUrl?: string;
}

/** The synthetic trace as sent, shared from synthetic-sent to synthetic-found. */
export interface SentSynthetic extends SentTrace {
  serviceName: string;
  runId: string;
  sentAt: number;
}

/** The trace the app check drove, once the service joined it; the audit reads it. */
export interface AppTrace {
  traceId: string;
  /** The parent span id doctor made up and sent in traceparent (never in the trace itself). */
  parentSpanId: string;
  spans: FoundSpan[];
  /** The baggage entry doctor sent with the request. */
  baggage: { key: string; value: string };
}

/** Everything a check may use. Checks talk to the network only through `fetch` or the probes, always with a timeout. */
export interface DoctorContext {
  settings: DoctorSettings;
  /** What the settings were made from (options, OTEL_* variables, tracekit.yaml), for the config check. */
  inputs: DoctorInputs;
  fetch: Fetch;
  now: () => number;
  /** Milliseconds left for the running check (its own limit and the run's --timeout, whichever is sooner). */
  budgetMs(): number;
  /** Each single request's own limit, never more than budgetMs(). */
  requestTimeoutMs(): number;
  /** --wait: keep retrying the backend's health until it answers or the time is up. */
  wait: boolean;
  /** Written by one check, read by a later one. */
  state: { sent?: SentSynthetic; appTrace?: AppTrace; seenServices?: string[] };
}

/** tracekit.yaml as doctor sees it: absent, valid, or invalid with the loader's message. */
export type YamlState = { config?: AnyConfig; error?: string };

/** What the settings were made from; the config check reads them to say what is wrong. */
export interface DoctorInputs {
  options: DoctorOptions;
  env: OtelEnv;
  yaml: YamlState;
  /** What `backend up` recorded here, or why the record could not be read. */
  record?: DeploymentRecord | { error: string };
}
