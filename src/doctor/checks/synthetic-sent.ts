import { randomBytes } from 'node:crypto';
import type { DiagLogger } from '@opentelemetry/api';
import { PROTOCOL_TITLES } from '../settings.js';
import type { Check, CheckOutcome } from '../types.js';

/** The service name and marker of doctor's own spans: a tail-sampling policy can keep them by the attribute. */
export const SYNTHETIC_SERVICE = 'tracekit-doctor';
export const SYNTHETIC_ATTRIBUTE = 'tracekit.synthetic';
export const RUN_ATTRIBUTE = 'tracekit.doctor.run';

/**
 * The OTLP exporters report a partially accepted export only through the diag logger, so its
 * warnings are captured for the length of one send (doctor is the only user of diag here).
 */
async function withDiagWarnings<T>(warnings: string[], body: () => Promise<T>): Promise<T> {
  const { DiagLogLevel, diag } = await import('@opentelemetry/api');
  const keep = (...args: unknown[]) =>
    warnings.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  const none = () => undefined;
  const logger: DiagLogger = { error: keep, warn: keep, info: none, debug: none, verbose: none };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  try {
    return await body();
  } finally {
    diag.disable();
  }
}

/** Check 4: a synthetic root and child span go out through the official SDK exporter for the configured protocol. */
export const syntheticSentCheck: Check = {
  id: 'synthetic-sent',
  title: 'Synthetic trace sent',
  needs: ['ingest'],
  timeoutMs: () => 15_000,
  explain: `Sends a small trace (a root span "tracekit.synthetic" and a child) with the official OpenTelemetry JS SDK
and the exporter for the configured protocol (OTLP/HTTP with JSON bodies, OTLP/gRPC, or Zipkin JSON), to the configured
endpoint: through the Collector when there is one. Both spans carry tracekit.synthetic=true (so a tail-sampling
Collector can keep them with a boolean_attribute policy) and a run id; the service name is ${SYNTHETIC_SERVICE}.
Fails when the exporter reports the export failed, with the receiver's own message; warns on a partial success (some
spans rejected), again with the receiver's message.
Fix: read the receiver's message; a 4xx usually means a wrong path or
missing credentials (OTEL_EXPORTER_OTLP_HEADERS).`,
  async run(ctx): Promise<CheckOutcome> {
    const s = ctx.settings;
    const runId = randomBytes(8).toString('hex');
    const via = `${s.ingestUrl} over ${PROTOCOL_TITLES[s.protocol]}${s.collector ? ' (through the Collector)' : ''}`;
    const warnings: string[] = [];
    // The SDK loads here, not when the CLI starts (doctor --help lists the checks).
    const { sendTrace } = await import('../../otel/send-trace.js');
    try {
      const sent = await withDiagWarnings(warnings, () =>
        sendTrace({
          protocol: s.protocol,
          url: s.ingestUrl!,
          serviceName: SYNTHETIC_SERVICE,
          attributes: { [SYNTHETIC_ATTRIBUTE]: true, [RUN_ATTRIBUTE]: runId },
          headers: s.headers,
          timeoutMs: Math.max(500, Math.min(10_000, ctx.budgetMs() - 1500)),
        }),
      );
      ctx.state.sent = { ...sent, serviceName: SYNTHETIC_SERVICE, runId, sentAt: ctx.now() };
      const data = { traceId: sent.traceId, rootSpanId: sent.rootSpanId, childSpanId: sent.childSpanId, runId };
      const partial = warnings.filter((w) => /partial success/i.test(w));
      if (partial.length) {
        return {
          status: 'warn',
          detail: `the receiver accepted only part of trace ${sent.traceId}: ${partial.join('; ')}`,
          hint: "Read the receiver's message: it rejected some spans (limits, invalid data).",
          data,
        };
      }
      return { status: 'pass', detail: `root and child span of trace ${sent.traceId} sent to ${via}`, data };
    } catch (err) {
      // sendTrace throws ExportFailedError carrying the receiver's status and own words.
      return {
        status: 'fail',
        detail: `the exporter reported failure sending to ${via}: ${err instanceof Error ? err.message : String(err)}`,
        hint:
          "The endpoint answered the ingest check but refused these spans: the message above is the receiver's. " +
          'A 4xx usually means a wrong path or missing credentials (OTEL_EXPORTER_OTLP_HEADERS); ' +
          'a timeout means the receiver is overloaded.',
      };
    }
  },
};
