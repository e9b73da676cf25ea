import { COLLECTOR_PORTS } from '../backends/collector/index.js';
import type { DeploymentRecord } from '../backends/deployment-record.js';
import { BACKENDS, findBackend } from '../backends/registry.js';
import { NO_BACKEND } from '../config/choices.js';
import { endpointProblem } from '../config/names.js';
import { otlpTracesUrl } from '../config/otlp-url.js';
import type { AnyConfig } from '../config/schema.js';
import type { SendProtocol } from '../otel/send-trace.js';
import type { DoctorOptions } from './options.js';
import { type OtelEnv, readOtelEnv } from './otel-env.js';
import { byDefault, type Sourced } from './setting-source.js';
import type { DoctorInputs, DoctorSettings, IngestSetting, YamlState } from './types.js';

/** The record when it describes this backend (a record of another backend says nothing about it). */
const recordFor = (inputs: Pick<DoctorInputs, 'record'>, backend: string): DeploymentRecord | undefined =>
  inputs.record && !('error' in inputs.record) && inputs.record.backend === backend ? inputs.record : undefined;

export const TRACES_PATH = '/v1/traces';
export const ZIPKIN_PATH = '/api/v2/spans';
/** The SDKs' default OTEL_BSP_SCHEDULE_DELAY. */
const SDK_BATCH_DELAY_MS = 5000;
/** Zipkin's standard port: the default for Zipkin JSON whatever backend is chosen. */
const ZIPKIN_PORT = 9411;
export const trimSlashes = (u: string) => u.replace(/\/+$/, '');
const withPath = (base: string, p: string) =>
  trimSlashes(base).endsWith(p) ? trimSlashes(base) : trimSlashes(base) + p;
const flag = <T>(value: T, name: string): Sourced<T> => ({ value, from: 'flag', label: name });
const fromYaml = <T>(value: T, field: string): Sourced<T> => ({ value, from: 'yaml', label: `tracekit.yaml ${field}` });

/** The backend to query: --backend, tracekit.yaml, a Zipkin exporter, else the registry's first. */
function pickBackend(o: DoctorOptions, env: OtelEnv, yaml: AnyConfig | undefined): string {
  if (o.backend) return o.backend;
  if (yaml) return yaml.backend;
  const zipkinJson = env.exporter?.value.includes('zipkin');
  return (zipkinJson && BACKENDS.find((b) => b.wellKnown.zipkinPort && !b.wellKnown.otlp)?.id) || BACKENDS[0]!.id;
}

function pickProtocol(
  o: DoctorOptions,
  env: OtelEnv,
  yaml: AnyConfig | undefined,
  backend: string,
  collector: boolean,
): Sourced<SendProtocol> {
  if (o.protocol) return flag(o.protocol, '--protocol');
  if (env.protocol) return env.protocol;
  if (env.exporter?.value.split(',').includes('zipkin')) return { ...env.exporter, value: 'zipkin' };
  if (yaml) return fromYaml(yaml.exporter.protocol, 'exporter.protocol');
  // A backend without OTLP intake (Zipkin) and no Collector in front: SDKs must export Zipkin JSON.
  const spec = findBackend(backend);
  if (spec && !spec.wellKnown.otlp && !collector) return flag('zipkin', `--backend ${backend}`);
  return byDefault('http');
}

/** The URL the exporter would post to, as the SDK builds it from each kind of setting. */
function pickIngest(
  o: DoctorOptions,
  env: OtelEnv,
  yaml: AnyConfig | undefined,
  protocol: SendProtocol,
  record: DeploymentRecord | undefined,
) {
  const as = (s: Sourced<string>, appendsTracesPath = false): IngestSetting => ({ ...s, appendsTracesPath });
  if (protocol === 'zipkin') {
    if (o.endpoint) return as(flag(withPath(o.endpoint, ZIPKIN_PATH), '--endpoint'));
    if (env.zipkinEndpoint) return as(env.zipkinEndpoint);
    return as(byDefault(`http://localhost:${ZIPKIN_PORT}${ZIPKIN_PATH}`));
  }
  const http = protocol === 'http';
  if (o.endpoint) return as(flag(http ? withPath(o.endpoint, TRACES_PATH) : trimSlashes(o.endpoint), '--endpoint'));
  // The traces-specific variable is used as-is; the generic one gets /v1/traces appended
  // (even when it already ends so).
  if (env.endpoint) {
    const appends = http && !env.endpoint.signal;
    return as(
      { ...env.endpoint, value: appends ? trimSlashes(env.endpoint.value) + TRACES_PATH : env.endpoint.value },
      appends,
    );
  }
  if (yaml) {
    const url = otlpTracesUrl({ protocol: http ? 'http' : 'grpc', endpoint: yaml.exporter.endpoint });
    return as(fromYaml(url, 'exporter.endpoint'), http);
  }
  if (record?.endpoint) {
    const label = 'the ports `backend up` recorded';
    return as({ value: http ? record.endpoint.http + TRACES_PATH : record.endpoint.grpc, from: 'recorded', label });
  }
  const port = http ? COLLECTOR_PORTS.otlp!.http : COLLECTOR_PORTS.otlp!.grpc;
  return as(byDefault(`http://localhost:${port}${http ? TRACES_PATH : ''}`));
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname || 'localhost' : 'localhost';
  } catch {
    return 'localhost';
  }
}

/**
 * Query and health URLs: the ports `backend up` recorded here, else the backend's well-known ports
 * on the host the spans go to; flags win.
 */
function backendUrls(o: DoctorOptions, backend: string, ingestUrl: string | undefined, record?: DeploymentRecord) {
  const spec = findBackend(backend);
  if (!spec) return { queryUrl: undefined, healthUrl: o.healthUrl };
  const wk = spec.wellKnown;
  const ports = record ? spec.probePorts(record.ports) : { query: wk.queryPort, health: wk.healthPort };
  const queryUrl = o.queryUrl ?? `http://${record ? 'localhost' : hostOf(ingestUrl)}:${ports.query}`;
  const q = new URL(queryUrl);
  const sharesPort = ports.health === ports.query;
  const healthUrl =
    o.healthUrl ??
    (sharesPort ? `${q.origin}${wk.healthPath}` : `http://${q.hostname}:${ports.health}${wk.healthPath}`);
  // The UI's own port: Grafana's for Tempo; Jaeger's and Zipkin's UIs share their query port.
  const uiUrl = `http://${record ? 'localhost' : q.hostname}:${record ? record.ports.ui : spec.defaultPorts.ui}`;
  return { queryUrl: trimSlashes(queryUrl), healthUrl, uiUrl };
}

function pickSampler(env: OtelEnv, yaml: AnyConfig | undefined): DoctorSettings['sampler'] {
  const ratio = yaml?.sampler.ratio !== undefined ? String(yaml.sampler.ratio) : undefined;
  const arg = env.samplerArg ?? (env.sampler ? undefined : ratio);
  const name = env.sampler ?? (yaml ? fromYaml(yaml.sampler.type, 'sampler') : byDefault('parentbased_always_on'));
  return { name: name.value, from: name.from, label: name.label, ...(arg !== undefined ? { arg } : {}) };
}

/**
 * Merges flags, OTEL_* variables and tracekit.yaml (in that order, as an SDK reads the last two)
 * into the settings every check uses. Judging them is the config check's work.
 */
export function resolveSettings(
  o: DoctorOptions,
  envVars: NodeJS.ProcessEnv,
  yamlState: YamlState,
  recordState?: DoctorInputs['record'],
): { settings: DoctorSettings; inputs: DoctorInputs } {
  const yaml = yamlState.config;
  const env = readOtelEnv(envVars);
  const backend = pickBackend(o, env, yaml);
  const record = recordFor({ record: recordState }, backend);
  const collector =
    o.collector || Boolean(o.collectorHealthUrl) || (yaml ? yaml.collector : Boolean(record?.collector));
  const protocol = pickProtocol(o, env, yaml, backend, collector);
  const ingest = pickIngest(o, env, yaml, protocol.value, record);
  const ingestUrl = endpointProblem(ingest.value) ? undefined : ingest.value;
  const urls = backendUrls(o, backend, ingestUrl, record);
  const collectorHealth = record
    ? `http://localhost:${record.ports['collector-health']}${COLLECTOR_PORTS.healthPath}`
    : `http://${hostOf(ingestUrl)}:${COLLECTOR_PORTS.healthPort}${COLLECTOR_PORTS.healthPath}`;
  const serviceName =
    env.serviceName ?? (yaml && 'service' in yaml ? fromYaml(yaml.service.name, 'service.name') : undefined);
  const settings: DoctorSettings = {
    backend,
    protocol: protocol.value,
    protocolSource: protocol,
    ...(ingestUrl ? { ingestUrl } : {}),
    ingestSource: ingest,
    headers: env.headers,
    ...(collector ? { collector: { healthUrl: o.collectorHealthUrl ?? collectorHealth } } : {}),
    ...(urls.queryUrl ? { queryUrl: urls.queryUrl } : {}),
    ...(urls.healthUrl ? { healthUrl: urls.healthUrl } : {}),
    ...(serviceName ? { serviceName: serviceName.value } : {}),
    sampler: pickSampler(env, yaml),
    propagators:
      env.propagators ?? (yaml ? fromYaml(yaml.propagators, 'propagators') : byDefault(['tracecontext', 'baggage'])),
    batchDelay:
      o.batchDelayMs !== undefined
        ? flag(o.batchDelayMs, '--batch-delay')
        : (env.scheduleDelayMs ?? byDefault(SDK_BATCH_DELAY_MS)),
    ...(o.app ? { app: o.app } : {}),
    ...(o.apps ? { apps: o.apps } : {}),
    ...(o.service ? { service: o.service } : {}),
    ...('uiUrl' in urls ? { uiUrl: urls.uiUrl } : {}),
  };
  return { settings, inputs: { options: o, env, yaml: yamlState, ...(recordState ? { record: recordState } : {}) } };
}

/** The title of the backend doctor queries, for messages. */
export const backendTitle = (s: DoctorSettings) => findBackend(s.backend)?.title ?? s.backend;

/** True when there is a backend to query (not `none`, not unknown). */
export const hasBackend = (s: DoctorSettings) => s.backend !== NO_BACKEND && findBackend(s.backend) !== undefined;

/** How each way of sending is named to the user. */
export const PROTOCOL_TITLES: Record<SendProtocol, string> = {
  http: 'OTLP/HTTP',
  grpc: 'OTLP/gRPC',
  zipkin: 'Zipkin JSON',
};
