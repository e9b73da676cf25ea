import { findBackend } from '../../backends/registry.js';
import { endpointProblem } from '../../config/names.js';
import type { SendProtocol } from '../../otel/send-trace.js';
import { redact } from '../../ui/redact.js';
import type { Finding } from '../finding.js';
import { samplerFindings } from '../otel-env.js';
import { TRACES_PATH, trimSlashes } from '../settings.js';
import type { DoctorInputs, DoctorSettings, IngestSetting } from '../types.js';

/** Propagators that carry a trace's context between services (baggage alone does not). */
const CONTEXT_PROPAGATORS = ['tracecontext', 'b3', 'b3multi', 'jaeger', 'xray', 'ottrace'];

/** Static signs of the commonest silent failure; the ingest check then proves it over the network. */
function ingestFindings(url: URL, protocol: SendProtocol, label: string): Finding[] {
  const out: Finding[] = [];
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const warn = (message: string, fix: string) => out.push({ level: 'warn', message, fix });
  if (protocol === 'grpc' && port === '4318') {
    warn(
      'gRPC to port 4318, which is where OTLP/HTTP listens',
      `Use port 4317 in ${label}, or switch the protocol to http/protobuf.`,
    );
  }
  if (protocol === 'http' && port === '4317') {
    warn(
      'OTLP/HTTP to port 4317, which is where gRPC listens',
      `Use port 4318 in ${label}, or switch the protocol to grpc.`,
    );
  }
  if (protocol === 'http' && url.pathname.endsWith(TRACES_PATH + TRACES_PATH)) {
    warn(
      `the traces URL ends in /v1/traces/v1/traces: ${label} already had /v1/traces and the SDK appends it again`,
      `Drop /v1/traces from ${label}.`,
    );
  } else if (protocol === 'http' && !url.pathname.endsWith(TRACES_PATH)) {
    warn(
      `the traces URL ${url.href} does not end in /v1/traces (${label} is used as-is)`,
      `Add /v1/traces to ${label}.`,
    );
  }
  return out;
}

/** An OTEL_* variable that overrides tracekit.yaml with another value: the SDK uses the variable. */
function conflicts(inputs: DoctorInputs, s: DoctorSettings): Finding[] {
  const yaml = inputs.yaml.config;
  if (!yaml) return [];
  const env = inputs.env;
  const out: Finding[] = [];
  const say = (what: string, variable: string, value: string, field: string, yamlValue: string) =>
    out.push({
      level: 'warn',
      message: `${variable}=${value} overrides tracekit.yaml ${field}=${yamlValue}`,
      fix:
        `Make them agree: unset ${variable} or change ${field} in tracekit.yaml ` +
        `(the SDK uses the variable for the ${what}).`,
    });
  const endpointFromEnv = env.endpoint && s.ingestSource.from === 'env' && s.ingestSource.label === env.endpoint.label;
  const base = (u: string) => trimSlashes(u).replace(/\/v1\/traces$/, '');
  if (env.endpoint && endpointFromEnv && base(env.endpoint.value) !== trimSlashes(yaml.exporter.endpoint)) {
    say('endpoint', env.endpoint.label, env.endpoint.value, 'exporter.endpoint', yaml.exporter.endpoint);
  }
  if (env.protocol && s.protocolSource.from === 'env' && env.protocol.value !== yaml.exporter.protocol) {
    say('protocol', env.protocol.label, env.protocol.value, 'exporter.protocol', yaml.exporter.protocol);
  }
  if (env.serviceName && 'service' in yaml && env.serviceName.value !== yaml.service.name) {
    say('service name', env.serviceName.label, env.serviceName.value, 'service.name', yaml.service.name);
  }
  return out;
}

function endpointFindings(ingest: IngestSetting, protocol: SendProtocol): Finding[] {
  const problem = endpointProblem(ingest.value);
  if (!problem) return ingestFindings(new URL(ingest.value), protocol, ingest.label);
  return [
    {
      level: 'fail',
      message: `${ingest.label}: ${JSON.stringify(redact(ingest.value))} ${problem}`,
      fix: `Set ${ingest.label} to a URL such as http://localhost:4318.`,
    },
  ];
}

/** A backend that takes no OTLP, with nothing in front to translate what the SDK sends. */
function noOtlpIntake(s: DoctorSettings): Finding[] {
  const spec = findBackend(s.backend);
  if (!spec || spec.wellKnown.otlp || s.collector || s.protocol === 'zipkin') return [];
  return [
    {
      level: 'warn',
      message: `${spec.title} does not accept OTLP, and no Collector is configured in front of it`,
      fix:
        'Put a Collector in front (collector: true in tracekit.yaml, or --collector), ' +
        'or export Zipkin JSON (--protocol zipkin).',
    },
  ];
}

/**
 * Everything wrong or contradictory in the configuration doctor is about to use: what the
 * variables and tracekit.yaml say, and how the merged settings would behave.
 */
export function configFindings(inputs: DoctorInputs, s: DoctorSettings): Finding[] {
  const { yaml, env, options } = inputs;
  const out: Finding[] = [];
  if (yaml.error) {
    out.push({
      level: 'fail',
      message: yaml.error,
      fix: 'Fix tracekit.yaml (or run `tracekit init --force` to write it again).',
    });
  }
  if (inputs.record && 'error' in inputs.record) {
    out.push({
      level: 'warn',
      message: `${inputs.record.error}; doctor ignores it and assumes the well-known ports`,
      fix: 'Run `tracekit backend up` again to write it, or delete it.',
    });
  }
  out.push(
    ...env.problems,
    ...endpointFindings(s.ingestSource, s.protocol),
    ...conflicts(inputs, s),
    ...noOtlpIntake(s),
  );
  const samplerLabel = s.sampler.from === 'default' ? 'the default sampler' : s.sampler.label;
  out.push(...samplerFindings(s.sampler.name, s.sampler.arg, samplerLabel));
  if (!s.propagators.value.some((p) => CONTEXT_PROPAGATORS.includes(p))) {
    out.push({
      level: 'warn',
      message: `propagators ${s.propagators.value.join(',')} carry no trace context between services`,
      fix: 'Set OTEL_PROPAGATORS=tracecontext,baggage.',
    });
  }
  if (!yaml.config && !yaml.error && !env.seen.length && !options.endpoint) {
    const defaults = s.ingestSource.value;
    out.push({
      level: 'warn',
      message: `no tracekit.yaml, no OTEL_* variables and no --endpoint: checking the defaults (${defaults})`,
      fix: 'Run doctor in the service folder (where tracekit.yaml is), or pass --endpoint and --backend.',
    });
  }
  return out;
}

/** Which configuration sources were read, for the config check's data. */
export function sourcesOf(inputs: DoctorInputs): string[] {
  const { yaml, env, record } = inputs;
  return [
    ...(record && !('error' in record) ? [`the ${record.backend} deployment \`backend up\` recorded`] : []),
    yaml.config ? 'tracekit.yaml' : yaml.error ? 'tracekit.yaml (invalid)' : 'no tracekit.yaml',
    env.seen.length ? `OTEL_* variables: ${env.seen.join(', ')}` : 'no OTEL_* variables',
  ];
}
