import { PROTOCOL_TITLES } from '../settings.js';
import type { Check, DoctorSettings } from '../types.js';
import { configFindings, sourcesOf } from './config-findings.js';

/** One line saying where spans go and what the SDK is told, secrets left out. */
function summaryOf(s: DoctorSettings): string {
  const sampler = s.sampler.arg !== undefined ? `${s.sampler.name}:${s.sampler.arg}` : s.sampler.name;
  const headers = Object.keys(s.headers);
  return [
    `spans go to ${s.ingestUrl ?? '(no usable endpoint)'} over ${PROTOCOL_TITLES[s.protocol]}` +
      ` (from ${s.ingestSource.label})`,
    `backend ${s.backend}${s.collector ? ' behind a Collector' : ''}`,
    `service ${s.serviceName ?? '(not set: unknown_service)'}`,
    `sampler ${sampler}`,
    `propagators ${s.propagators.value.join(',')}`,
    ...(headers.length ? [`headers ${headers.join(', ')} (values hidden)`] : []),
  ].join('; ');
}

/** Check 1: tracekit.yaml and the OTEL_* variables are valid and agree (the work is done by resolveSettings). */
export const configCheck: Check = {
  id: 'config',
  title: 'Configuration',
  needs: [],
  timeoutMs: () => 5000,
  explain: `Reads tracekit.yaml and the OTEL_* variables an OpenTelemetry SDK reads
(OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, _PROTOCOL and _HEADERS, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
OTEL_TRACES_SAMPLER and _ARG, OTEL_PROPAGATORS, OTEL_TRACES_EXPORTER, OTEL_SDK_DISABLED), merged as the SDK would:
variables override tracekit.yaml; doctor's flags override both. Header values are never printed.
Fails on values an SDK cannot use (a malformed endpoint or header list, an unknown protocol, sampler or propagator, a
sampler ratio outside 0..1, the SDK or exporter turned off). Warns when a variable contradicts tracekit.yaml, when the
protocol does not match the port (gRPC on 4318, HTTP on 4317), when /v1/traces is missing or doubled, or when the
sampler records nothing.
Fix: change the setting the message names; each message names the variable or tracekit.yaml field it came from.`,
  async run(ctx) {
    const s = ctx.settings;
    const findings = configFindings(ctx.inputs, s);
    const fails = findings.filter((f) => f.level === 'fail');
    const warns = findings.filter((f) => f.level === 'warn');
    const data = {
      sources: sourcesOf(ctx.inputs),
      ingestUrl: s.ingestUrl ?? null,
      ingestSource: s.ingestSource.label,
      protocol: s.protocol,
      protocolSource: s.protocolSource.label,
      backend: s.backend,
      serviceName: s.serviceName ?? null,
      sampler: { name: s.sampler.name, ...(s.sampler.arg !== undefined ? { arg: s.sampler.arg } : {}) },
      propagators: s.propagators.value,
      headerKeys: Object.keys(s.headers),
      findings,
    };
    const worst = fails.length ? fails : warns;
    if (!worst.length) return { status: 'pass', detail: summaryOf(s), data };
    return {
      status: fails.length ? 'fail' : 'warn',
      detail: [...fails, ...warns].map((f) => f.message).join('\n'),
      hint: [...new Set([...fails, ...warns].map((f) => f.fix))].join(' '),
      data,
    };
  },
};
