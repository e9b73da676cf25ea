import { type Attributes, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** How the synthetic trace travels: OTLP over HTTP/protobuf or gRPC, or Zipkin's JSON API. */
export type SendProtocol = 'http' | 'grpc' | 'zipkin';

export interface SendTraceOptions {
  protocol: SendProtocol;
  /** http: the full .../v1/traces URL; grpc: http://host:port; zipkin: .../api/v2/spans. */
  url: string;
  serviceName: string;
  /** Set on both spans (doctor marks them synthetic so a tail-sampling Collector keeps them). */
  attributes?: Attributes;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface SentTrace {
  traceId: string;
  rootSpanId: string;
  childSpanId: string;
  rootName: string;
  childName: string;
}

/** Thrown when the exporter reports failure; carries the exporter's own message. */
export class ExportFailedError extends Error {}

/** Passes spans to the real exporter and keeps its verdict, which the SDK otherwise only logs. */
class RecordingExporter implements SpanExporter {
  results: ExportResult[] = [];
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.inner.export(spans, (r) => {
      this.results.push(r);
      done(r);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** The exporter for the protocol, loaded alone: each pulls in its own transport (gRPC's is the heaviest). */
async function exporterFor(o: SendTraceOptions): Promise<SpanExporter> {
  const common = { url: o.url, headers: o.headers, timeoutMillis: o.timeoutMs };
  if (o.protocol === 'grpc') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
    const { headers, ...rest } = common;
    return new OTLPTraceExporter(rest);
  }
  if (o.protocol === 'zipkin') {
    const { ZipkinExporter } = await import('@opentelemetry/exporter-zipkin');
    return new ZipkinExporter({ url: o.url, headers: o.headers, serviceName: o.serviceName });
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter(common);
}

/**
 * Sends a root span and one child with the official OpenTelemetry SDK and waits for the
 * export verdict. Throws ExportFailedError with the exporter's message on rejection.
 */
export async function sendTrace(
  o: SendTraceOptions,
  names = { root: 'tracekit.synthetic', child: 'tracekit.synthetic.child' },
): Promise<SentTrace> {
  const exporter = new RecordingExporter(await exporterFor(o));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: o.serviceName }),
    // Explicit, so a user's OTEL_TRACES_SAMPLER (always_off, a low ratio) cannot drop these spans.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [
      new BatchSpanProcessor(exporter, { exportTimeoutMillis: o.timeoutMs, scheduledDelayMillis: 60_000 }),
    ],
  });
  const tracer = provider.getTracer('tracekit');
  const root = tracer.startSpan(names.root, { kind: SpanKind.SERVER, attributes: o.attributes }, ROOT_CONTEXT);
  const child = tracer.startSpan(
    names.child,
    { kind: SpanKind.INTERNAL, attributes: o.attributes },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  child.end();
  root.end();
  const sent: SentTrace = {
    traceId: root.spanContext().traceId,
    rootSpanId: root.spanContext().spanId,
    childSpanId: child.spanContext().spanId,
    rootName: names.root,
    childName: names.child,
  };
  try {
    await withTimeout(provider.forceFlush(), o.timeoutMs + 1000, 'the export did not finish in time');
  } catch (err) {
    throw err instanceof ExportFailedError ? err : new ExportFailedError(exporterErrorText(err));
  } finally {
    await withTimeout(provider.shutdown(), 2000, 'shutdown').catch(() => undefined);
  }
  const failed = exporter.results.find((r) => r.code !== ExportResultCode.SUCCESS);
  if (failed) throw new ExportFailedError(failed.error?.message ?? 'the exporter reported failure');
  if (exporter.results.length === 0) throw new ExportFailedError('the exporter never reported a result');
  return sent;
}

/**
 * The provider's flush rejects with its processors' errors (a list); an OTLPExporterError keeps
 * the receiver's status in `code` and its own words in `data`, which are what a user needs.
 */
function exporterErrorText(err: unknown): string {
  const e = ([err].flat()[0] ?? {}) as { message?: string; code?: unknown; data?: unknown };
  const status = typeof e.code === 'number' ? ` (${e.code})` : '';
  const body = typeof e.data === 'string' && e.data.trim() ? `: ${e.data.trim().slice(0, 300)}` : '';
  return `${e.message ?? String(err)}${status}${body}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new ExportFailedError(what)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
