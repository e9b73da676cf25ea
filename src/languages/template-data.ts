import { isRemoteSampler, type Protocol, type SamplerName } from '../config/choices.js';
import { otlpTracesUrl } from '../config/otlp-url.js';
import { type RedactionRules, redactionRules } from '../config/redaction-rules.js';
import type { TracekitConfig } from '../config/schema.js';

/**
 * The template data every language starts from, with the same names in every template
 * (templates/<lang>/*.hbs). Values are raw: each template passes the user's through its
 * language's literal helper ({{js}}, {{py}}, {{go}}); the rest come from closed sets.
 */
export interface BaseTemplateData {
  service: { name: string; version: string; environment: string };
  exporter: {
    protocol: Protocol;
    /** "HTTP" or "gRPC", for comments such as "OTLP/HTTP". */
    protocolTitle: 'HTTP' | 'gRPC';
    /** The endpoint as tracekit.yaml gives it. */
    endpoint: string;
    /** What the trace exporter is given: the traces URL for OTLP/HTTP, the bare endpoint for gRPC. */
    tracesUrl: string;
  };
  sampler: {
    type: SamplerName;
    /** The sampler as OTEL_TRACES_SAMPLER(_ARG) would say it: "parentbased_traceidratio 0.25". */
    label: string;
    /** Jaeger remote sampling (the languages' remote-sampler templates), or false. */
    remote: RemoteSamplerData | false;
  };
  /** tracekit.yaml's redaction as the patterns every setup masks with (each through its literal helper). */
  redaction: RedactionRules;
  propagators: {
    names: TracekitConfig['propagators'];
    /** As OTEL_PROPAGATORS would list them: "tracecontext,baggage". */
    list: string;
    /** Whether a B3 format is among them (its propagator is a separate package). */
    b3: boolean;
  };
}

/** What a remote sampler is built with; numbers checked by the config schema. */
export interface RemoteSamplerData {
  /** Jaeger's sampling endpoint base URL (the clients add /sampling?service=...). */
  endpoint: string;
  intervalMs: number;
  /** The ratio of the initial sampler, used until the first strategy arrives. */
  initialRatio: number;
  /** parentbased_jaeger_remote: a sampled parent decides for its children. */
  parentBased: boolean;
}

/** Jaeger's sampling port on this machine, where `backend up --sampling` serves strategies. */
export const DEFAULT_SAMPLING_ENDPOINT = 'http://localhost:5778';
/** The spec's default polling interval for jaeger_remote (pollingIntervalMs). */
const DEFAULT_INTERVAL_MS = 60_000;
/** Until the first fetch, the share the default strategy `backend up` writes (0.1). */
export const DEFAULT_INITIAL_RATIO = 0.1;

function remoteSamplerData(config: TracekitConfig): RemoteSamplerData | false {
  const { sampler } = config;
  if (!isRemoteSampler(sampler.type)) return false;
  return {
    endpoint: config.remote_sampling?.endpoint ?? DEFAULT_SAMPLING_ENDPOINT,
    intervalMs: sampler.interval_ms ?? DEFAULT_INTERVAL_MS,
    initialRatio: sampler.ratio ?? DEFAULT_INITIAL_RATIO,
    parentBased: sampler.type.startsWith('parentbased_'),
  };
}

/** The shared part of every language's template data, from tracekit.yaml. */
export function baseTemplateData(config: TracekitConfig): BaseTemplateData {
  const { service, exporter, sampler, propagators } = config;
  return {
    service: { name: service.name, version: service.version, environment: service.environment },
    exporter: {
      protocol: exporter.protocol,
      protocolTitle: exporter.protocol === 'grpc' ? 'gRPC' : 'HTTP',
      endpoint: exporter.endpoint,
      tracesUrl: otlpTracesUrl(exporter),
    },
    sampler: {
      type: sampler.type,
      label: sampler.ratio === undefined ? sampler.type : `${sampler.type} ${sampler.ratio}`,
      remote: remoteSamplerData(config),
    },
    redaction: redactionRules(config.redaction),
    propagators: {
      names: propagators,
      list: propagators.join(','),
      b3: propagators.some((p) => p.startsWith('b3')),
    },
  };
}
