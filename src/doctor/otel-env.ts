import { SAMPLERS } from '../config/choices.js';
import { SERVICE_NAME, SERVICE_NAME_RULE } from '../config/names.js';
import type { Finding } from './finding.js';
import type { Sourced } from './setting-source.js';

/** The OTEL_* variables an OpenTelemetry SDK reads for tracing, parsed as the SDK would. */
export interface OtelEnv {
  /** The traces endpoint; `signal` when it came from the traces-specific variable (used as-is, no path appended). */
  endpoint?: Sourced<string> & { signal: boolean };
  protocol?: Sourced<'http' | 'grpc'>;
  exporter?: Sourced<string>;
  zipkinEndpoint?: Sourced<string>;
  headers: Record<string, string>;
  headersFrom: string[];
  serviceName?: Sourced<string>;
  sampler?: Sourced<string>;
  samplerArg?: string;
  propagators?: Sourced<string[]>;
  /** OTEL_BSP_SCHEDULE_DELAY: how long the batch span processor holds spans before an export. */
  scheduleDelayMs?: Sourced<number>;
  /** Every OTEL_* variable that was set (names only). */
  seen: string[];
  /** What cannot be used as it is; the config check reports these. */
  problems: Finding[];
}

// Names every SDK accepts (tracekit.yaml's), plus the contrib ones (xray, jaeger_remote) that are real too.
const KNOWN_SAMPLERS: readonly string[] = [...SAMPLERS, 'xray'];
const KNOWN_PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'xray', 'ottrace', 'none'];
const RATIO_SAMPLERS = ['traceidratio', 'parentbased_traceidratio'];

const get = (env: NodeJS.ProcessEnv, name: string): Sourced<string> | undefined => {
  const v = env[name]?.trim();
  return v ? { value: v, from: 'env', label: name } : undefined;
};

/** Parses `key=value,key2=value2` (values percent-encoded) as the OTLP exporters do. */
export function parseHeaders(raw: string, from: string, findings: Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, part] of raw.split(',').entries()) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    if (!key) {
      // Only the position is named: the entry may be a bare secret.
      findings.push({
        level: 'fail',
        message: `${from}: entry ${i + 1} is not key=value`,
        fix: `Write ${from} as key=value pairs separated by commas, e.g. authorization=Bearer%20<token>.`,
      });
      continue;
    }
    try {
      out[key.toLowerCase()] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      findings.push({
        level: 'fail',
        message: `${from}: the value of "${key}" has a broken %-escape`,
        fix: `Percent-encode the value of "${key}" in ${from} (a space is %20).`,
      });
    }
  }
  return out;
}

function readSampler(env: NodeJS.ProcessEnv, out: OtelEnv): void {
  const findings = out.problems;
  out.sampler = get(env, 'OTEL_TRACES_SAMPLER');
  out.samplerArg = get(env, 'OTEL_TRACES_SAMPLER_ARG')?.value;
  if (out.sampler && !KNOWN_SAMPLERS.includes(out.sampler.value)) {
    findings.push({
      level: 'fail',
      message:
        `OTEL_TRACES_SAMPLER=${out.sampler.value} is not a sampler SDKs know ` +
        '(they fall back to parentbased_always_on)',
      fix: `Use one of ${SAMPLERS.join(', ')}.`,
    });
  }
}

function readPropagators(env: NodeJS.ProcessEnv, out: OtelEnv): void {
  const findings = out.problems;
  const p = get(env, 'OTEL_PROPAGATORS');
  if (!p) return;
  const list = p.value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  out.propagators = { value: list, from: 'env', label: p.label };
  const unknown = list.filter((x) => !KNOWN_PROPAGATORS.includes(x));
  if (unknown.length)
    findings.push({
      level: 'fail',
      message: `OTEL_PROPAGATORS names unknown propagators: ${unknown.join(', ')}`,
      fix: `Use a comma-separated list of ${KNOWN_PROPAGATORS.join(', ')} (usually tracecontext,baggage).`,
    });
}

function readServiceName(env: NodeJS.ProcessEnv, out: OtelEnv): void {
  const findings = out.problems;
  const direct = get(env, 'OTEL_SERVICE_NAME');
  const attrs = get(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const fromAttrs = attrs?.value
    .split(',')
    .map((kv) => kv.split('='))
    .find(([k]) => k?.trim() === 'service.name')?.[1]
    ?.trim();
  if (direct && fromAttrs && decodeURIComponent(fromAttrs) !== direct.value) {
    findings.push({
      level: 'warn',
      message:
        `OTEL_SERVICE_NAME=${direct.value} and service.name=${fromAttrs} in OTEL_RESOURCE_ATTRIBUTES disagree ` +
        '(OTEL_SERVICE_NAME wins)',
      fix: 'Remove service.name from OTEL_RESOURCE_ATTRIBUTES, or make the two agree.',
    });
  }
  out.serviceName =
    direct ??
    (fromAttrs ? { value: decodeURIComponent(fromAttrs), from: 'env', label: 'OTEL_RESOURCE_ATTRIBUTES' } : undefined);
  if (out.serviceName && !SERVICE_NAME.test(out.serviceName.value)) {
    findings.push({
      level: 'warn',
      message: `${out.serviceName.label}: service name "${out.serviceName.value}" is hard to search for in backends`,
      fix: `Use a name that would ${SERVICE_NAME_RULE}.`,
    });
  }
}

function readExporter(env: NodeJS.ProcessEnv, out: OtelEnv): void {
  const findings = out.problems;
  const disabled = get(env, 'OTEL_SDK_DISABLED');
  if (disabled?.value.toLowerCase() === 'true')
    findings.push({
      level: 'fail',
      message: 'OTEL_SDK_DISABLED=true turns the SDK off: no span is recorded',
      fix: 'Unset OTEL_SDK_DISABLED.',
    });
  out.exporter = get(env, 'OTEL_TRACES_EXPORTER');
  const names = out.exporter?.value.split(',').map((s) => s.trim()) ?? [];
  if (names.includes('none'))
    findings.push({
      level: 'fail',
      message: 'OTEL_TRACES_EXPORTER=none: spans are recorded but never exported',
      fix: 'Set OTEL_TRACES_EXPORTER=otlp (or unset it).',
    });
  else if (names.length && !names.some((n) => n === 'otlp' || n === 'zipkin')) {
    findings.push({
      level: 'warn',
      message: `OTEL_TRACES_EXPORTER=${out.exporter!.value} sends spans nowhere a backend can see them`,
      fix: 'Set OTEL_TRACES_EXPORTER=otlp (or unset it).',
    });
  }
  out.zipkinEndpoint = get(env, 'OTEL_EXPORTER_ZIPKIN_ENDPOINT');
  const delay = get(env, 'OTEL_BSP_SCHEDULE_DELAY');
  if (delay && /^\d+$/.test(delay.value)) out.scheduleDelayMs = { ...delay, value: Number(delay.value) };
  else if (delay) {
    findings.push({
      level: 'fail',
      message: `OTEL_BSP_SCHEDULE_DELAY=${delay.value} is not a number of milliseconds (SDKs ignore it)`,
      fix: 'Set OTEL_BSP_SCHEDULE_DELAY to milliseconds, e.g. 5000, or unset it.',
    });
  }
}

function readOtlp(env: NodeJS.ProcessEnv, out: OtelEnv): void {
  const findings = out.problems;
  const signal = get(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const generic = get(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (signal) out.endpoint = { ...signal, signal: true };
  else if (generic) out.endpoint = { ...generic, signal: false };
  const proto = get(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? get(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (proto) {
    if (proto.value === 'grpc') out.protocol = { value: 'grpc', from: 'env', label: proto.label };
    else if (proto.value === 'http/protobuf' || proto.value === 'http/json')
      out.protocol = { value: 'http', from: 'env', label: proto.label };
    else
      findings.push({
        level: 'fail',
        message: `${proto.label}=${proto.value} is not an OTLP protocol`,
        fix: `Set ${proto.label} to http/protobuf or grpc.`,
      });
  }
  for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']) {
    const h = get(env, name);
    if (!h) continue;
    // Traces-specific headers are read second so they win, as in the SDKs.
    Object.assign(out.headers, parseHeaders(h.value, name, findings));
    out.headersFrom.push(name);
  }
}

/** Reads and checks the OTEL_* variables; what is unusable goes to `problems` (header values never appear there). */
export function readOtelEnv(env: NodeJS.ProcessEnv): OtelEnv {
  const out: OtelEnv = {
    headers: {},
    headersFrom: [],
    seen: Object.keys(env)
      .filter((k) => k.startsWith('OTEL_') && env[k])
      .sort(),
    problems: [],
  };
  readOtlp(env, out);
  readExporter(env, out);
  readServiceName(env, out);
  readSampler(env, out);
  readPropagators(env, out);
  return out;
}

/** Problems with a sampler and its argument, whichever source they came from. */
export function samplerFindings(name: string, arg: string | undefined, from: string): Finding[] {
  const out: Finding[] = [];
  if (name === 'always_off' || name === 'parentbased_always_off') {
    out.push({
      level: 'warn',
      message: `${from}: sampler ${name} records no new traces`,
      fix: 'Use parentbased_always_on (or parentbased_traceidratio with a ratio) unless you mean to turn tracing off.',
    });
  }
  if (!RATIO_SAMPLERS.includes(name)) return out;
  if (arg === undefined) return out;
  const ratio = Number(arg);
  if (arg.trim() === '' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    out.push({
      level: 'fail',
      message: `${from}: sampler argument "${arg}" is not a ratio between 0 and 1 (SDKs fall back to 1.0)`,
      fix: 'Set the ratio (OTEL_TRACES_SAMPLER_ARG or sampler.ratio) to a number such as 0.1.',
    });
  } else if (ratio === 0) {
    out.push({
      level: 'warn',
      message: `${from}: sampler ratio 0 records no new traces`,
      fix: 'Use a ratio above 0, such as 0.1.',
    });
  }
  return out;
}
