import type { Protocol, SamplerName } from '../config/choices.js';
import { otlpTracesUrl } from '../config/otlp-url.js';
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
  };
  propagators: {
    names: TracekitConfig['propagators'];
    /** As OTEL_PROPAGATORS would list them: "tracecontext,baggage". */
    list: string;
    /** Whether a B3 format is among them (its propagator is a separate package). */
    b3: boolean;
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
    },
    propagators: {
      names: propagators,
      list: propagators.join(','),
      b3: propagators.some((p) => p.startsWith('b3')),
    },
  };
}
