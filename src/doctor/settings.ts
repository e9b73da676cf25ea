import { WELL_KNOWN } from '../backends/well-known.js';
import { endpointProblem } from '../config/names.js';
import { otlpTracesUrl } from '../config/otlp-url.js';
import type { TracekitConfig } from '../config/schema.js';
import type { SendProtocol } from '../otel/send-trace.js';
import type { DoctorOptions } from './options.js';
import { type OtelEnv, readOtelEnv, samplerFindings } from './otel-env.js';
import type { DoctorBackend, DoctorSettings, Finding } from './types.js';

/** tracekit.yaml as doctor sees it: absent, valid, or invalid with the loader's message. */
export type YamlState = { config?: TracekitConfig; error?: string };

export interface ResolvedSettings {
  settings: DoctorSettings;
  findings: Finding[];
  sources: string[];
}

export const TRACES_PATH = '/v1/traces';
export const ZIPKIN_PATH = '/api/v2/spans';
const trim = (u: string) => u.replace(/\/+$/, '');
const withPath = (base: string, p: string) => (trim(base).endsWith(p) ? trim(base) : trim(base) + p);

function pickProtocol(
  o: DoctorOptions,
  env: OtelEnv,
  yaml: TracekitConfig | undefined,
  backend: DoctorBackend,
  collector: boolean,
): { value: SendProtocol; from: string } {
  if (o.protocol) return { value: o.protocol, from: '--protocol' };
  if (env.protocol) return env.protocol;
  if (env.exporter?.value.split(',').includes('zipkin')) return { value: 'zipkin', from: env.exporter.from };
  if (yaml) return { value: yaml.exporter.protocol, from: 'tracekit.yaml exporter.protocol' };
  // Zipkin takes no OTLP: without a Collector in front, SDKs must export Zipkin JSON.
  if (backend === 'zipkin' && !collector) return { value: 'zipkin', from: '--backend zipkin' };
  return { value: 'http', from: 'the default' };
}

/** The URL the exporter would post to, as the SDK builds it from each kind of setting. */
function pickIngest(
  o: DoctorOptions,
  env: OtelEnv,
  yaml: TracekitConfig | undefined,
  protocol: SendProtocol,
): { url: string; from: string } {
  if (protocol === 'zipkin') {
    if (o.endpoint) return { url: withPath(o.endpoint, ZIPKIN_PATH), from: '--endpoint' };
    if (env.zipkinEndpoint) return { url: env.zipkinEndpoint.value, from: env.zipkinEndpoint.from };
    return { url: `http://localhost:${WELL_KNOWN.zipkin.zipkinPort}${ZIPKIN_PATH}`, from: 'the default' };
  }
  const http = protocol === 'http';
  if (o.endpoint) return { url: http ? withPath(o.endpoint, TRACES_PATH) : trim(o.endpoint), from: '--endpoint' };
  // The traces-specific variable is used as-is; the generic one gets /v1/traces appended (even when it already ends so).
  if (env.endpoint)
    return {
      url: http && !env.endpoint.signal ? trim(env.endpoint.value) + TRACES_PATH : env.endpoint.value,
      from: env.endpoint.from,
    };
  if (yaml)
    return {
      url: otlpTracesUrl({ protocol: http ? 'http' : 'grpc', endpoint: yaml.exporter.endpoint }),
      from: 'tracekit.yaml exporter.endpoint',
    };
  const port = http ? WELL_KNOWN.collector.otlpHttpPort : WELL_KNOWN.collector.otlpGrpcPort;
  return { url: `http://localhost:${port}${http ? TRACES_PATH : ''}`, from: 'the default' };
}

/** Static signs of the commonest silent failure; the ingest check then proves it over the network. */
function ingestFindings(url: URL, protocol: SendProtocol, from: string): Finding[] {
  const out: Finding[] = [];
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (protocol === 'grpc' && port === '4318')
    out.push({
      level: 'warn',
      message: `gRPC to port 4318, which is where OTLP/HTTP listens`,
      fix: `Use port 4317 in ${from}, or switch the protocol to http/protobuf.`,
    });
  if (protocol === 'http' && port === '4317')
    out.push({
      level: 'warn',
      message: `OTLP/HTTP to port 4317, which is where gRPC listens`,
      fix: `Use port 4318 in ${from}, or switch the protocol to grpc.`,
    });
  if (protocol === 'http' && url.pathname.endsWith(TRACES_PATH + TRACES_PATH))
    out.push({
      level: 'warn',
      message: `the traces URL ends in /v1/traces/v1/traces: ${from} already had /v1/traces and the SDK appends it again`,
      fix: `Drop /v1/traces from ${from}.`,
    });
  else if (protocol === 'http' && !url.pathname.endsWith(TRACES_PATH))
    out.push({
      level: 'warn',
      message: `the traces URL ${url.href} does not end in /v1/traces (${from} is used as-is)`,
      fix: `Add /v1/traces to ${from}.`,
    });
  return out;
}

function conflicts(
  env: OtelEnv,
  yaml: TracekitConfig | undefined,
  ingest: { from: string },
  protocol: { value: SendProtocol; from: string },
): Finding[] {
  if (!yaml) return [];
  const out: Finding[] = [];
  const say = (what: string, envFrom: string, envValue: string, yamlField: string, yamlValue: string) =>
    out.push({
      level: 'warn',
      message: `${envFrom}=${envValue} overrides tracekit.yaml ${yamlField}=${yamlValue}`,
      fix: `Make them agree: unset ${envFrom} or change ${yamlField} in tracekit.yaml (the SDK uses the variable for the ${what}).`,
    });
  if (
    env.endpoint &&
    ingest.from === env.endpoint.from &&
    trim(env.endpoint.value).replace(/\/v1\/traces$/, '') !== trim(yaml.exporter.endpoint)
  )
    say('endpoint', env.endpoint.from, env.endpoint.value, 'exporter.endpoint', yaml.exporter.endpoint);
  if (env.protocol && protocol.from === env.protocol.from && env.protocol.value !== yaml.exporter.protocol)
    say('protocol', env.protocol.from, env.protocol.value, 'exporter.protocol', yaml.exporter.protocol);
  if (env.serviceName && env.serviceName.value !== yaml.service.name)
    say('service name', env.serviceName.from, env.serviceName.value, 'service.name', yaml.service.name);
  return out;
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname || 'localhost' : 'localhost';
  } catch {
    return 'localhost';
  }
}

/** Query and health URLs from the well-known ports, on the host the spans go to (unless given). */
function backendUrls(o: DoctorOptions, backend: DoctorBackend, ingestUrl: string | undefined) {
  if (backend === 'none') return { queryUrl: undefined, healthUrl: o.healthUrl };
  const wk = WELL_KNOWN[backend];
  const queryUrl = o.queryUrl ?? `http://${hostOf(ingestUrl)}:${wk.queryPort}`;
  const q = new URL(queryUrl);
  const sharesPort = wk.healthPort === wk.queryPort;
  const healthUrl =
    o.healthUrl ??
    (sharesPort ? `${q.origin}${wk.healthPath}` : `http://${q.hostname}:${wk.healthPort}${wk.healthPath}`);
  return { queryUrl: trim(queryUrl), healthUrl };
}

/**
 * Merges flags, OTEL_* variables and tracekit.yaml (in that order, as an SDK reads the last two)
 * into the settings every check uses, and collects what is wrong or contradictory.
 */
export function resolveSettings(o: DoctorOptions, envVars: NodeJS.ProcessEnv, yamlState: YamlState): ResolvedSettings {
  const findings: Finding[] = [];
  if (yamlState.error)
    findings.push({
      level: 'fail',
      message: yamlState.error,
      fix: 'Fix tracekit.yaml (or run `tracekit init --force` to write it again).',
    });
  const yaml = yamlState.config;
  const env = readOtelEnv(envVars, findings);
  const backend: DoctorBackend =
    o.backend ?? yaml?.backend ?? (env.exporter?.value.includes('zipkin') ? 'zipkin' : 'jaeger');
  const collector = o.collector || Boolean(o.collectorHealthUrl) || Boolean(yaml?.collector);
  const protocol = pickProtocol(o, env, yaml, backend, collector);
  const ingest = pickIngest(o, env, yaml, protocol.value);
  const problem = endpointProblem(ingest.url);
  if (problem)
    findings.push({
      level: 'fail',
      message: `${ingest.from}: ${JSON.stringify(ingest.url)} ${problem}`,
      fix: `Set ${ingest.from} to a URL such as http://localhost:4318.`,
    });
  else findings.push(...ingestFindings(new URL(ingest.url), protocol.value, ingest.from));
  findings.push(...conflicts(env, yaml, ingest, protocol));
  if (backend === 'zipkin' && !collector && protocol.value !== 'zipkin') {
    findings.push({
      level: 'warn',
      message: 'Zipkin does not accept OTLP, and no Collector is configured in front of it',
      fix: 'Put a Collector in front (collector: true in tracekit.yaml, or --collector), or export Zipkin JSON (--protocol zipkin).',
    });
  }
  const sampler = env.sampler
    ? { name: env.sampler.value, arg: env.samplerArg, from: env.sampler.from }
    : {
        name: yaml?.sampler.type ?? 'parentbased_always_on',
        arg: env.samplerArg ?? (yaml?.sampler.ratio !== undefined ? String(yaml.sampler.ratio) : undefined),
        from: yaml ? 'tracekit.yaml sampler' : 'the default sampler',
      };
  findings.push(...samplerFindings(sampler.name, sampler.arg, sampler.from));
  const propagators = env.propagators?.value ?? yaml?.propagators ?? ['tracecontext', 'baggage'];
  if (!propagators.some((p) => ['tracecontext', 'b3', 'b3multi', 'jaeger', 'xray', 'ottrace'].includes(p))) {
    findings.push({
      level: 'warn',
      message: `propagators ${propagators.join(',')} carry no trace context between services`,
      fix: 'Set OTEL_PROPAGATORS=tracecontext,baggage.',
    });
  }
  const ingestUrl = problem ? undefined : ingest.url;
  const urls = backendUrls(o, backend, ingestUrl);
  const sources = [
    yaml ? 'tracekit.yaml' : yamlState.error ? 'tracekit.yaml (invalid)' : 'no tracekit.yaml',
    env.seen.length ? `OTEL_* variables: ${env.seen.join(', ')}` : 'no OTEL_* variables',
  ];
  if (!yaml && !yamlState.error && !env.seen.length && !o.endpoint) {
    findings.push({
      level: 'warn',
      message: `no tracekit.yaml, no OTEL_* variables and no --endpoint: checking the defaults (${ingest.url})`,
      fix: 'Run doctor in the service folder (where tracekit.yaml is), or pass --endpoint and --backend.',
    });
  }
  const settings: DoctorSettings = {
    backend,
    protocol: protocol.value,
    protocolSource: protocol.from,
    ...(ingestUrl ? { ingestUrl } : {}),
    ingestSource: ingest.from,
    headers: env.headers,
    ...(collector
      ? {
          collector: {
            healthUrl:
              o.collectorHealthUrl ??
              `http://${hostOf(ingestUrl)}:${WELL_KNOWN.collector.healthPort}${WELL_KNOWN.collector.healthPath}`,
          },
        }
      : {}),
    ...(urls.queryUrl ? { queryUrl: urls.queryUrl } : {}),
    ...(urls.healthUrl ? { healthUrl: urls.healthUrl } : {}),
    ...(env.serviceName || yaml ? { serviceName: env.serviceName?.value ?? yaml!.service.name } : {}),
    sampler: { name: sampler.name, ...(sampler.arg !== undefined ? { arg: sampler.arg } : {}) },
    propagators,
    ...(o.app ? { app: o.app } : {}),
  };
  return { settings, findings, sources };
}

/** How each way of sending is named to the user. */
export const PROTOCOL_TITLES: Record<SendProtocol, string> = {
  http: 'OTLP/HTTP',
  grpc: 'OTLP/gRPC',
  zipkin: 'Zipkin JSON',
};
