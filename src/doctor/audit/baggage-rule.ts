import type { FoundSpan } from '../../otel/trace-model.js';
import type { AuditRule } from './types.js';

/**
 * The baggage doctor sent, followed downstream. A service shows baggage only when it records
 * entries as span attributes (a baggage span processor): the rule speaks only when one service
 * recorded doctor's entry and a service it called did not, so a trace without recorded baggage
 * says nothing either way.
 */
export const baggageRule: AuditRule = {
  id: 'baggage',
  summary: 'the baggage doctor sent reaches every service that a service recording it calls (--app only)',
  run(trace, ctx) {
    const sent = ctx.sentBaggage;
    if (!sent) return [];
    const records = (s: FoundSpan) => String(s.attributes[sent.key] ?? '') === sent.value;
    const recorders = new Set(trace.filter(records).map((s) => s.serviceName));
    if (!recorders.size) return [];
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const missing = trace.filter((s) => {
      const caller = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
      return (
        s.kind === 'server' &&
        caller?.kind === 'client' &&
        caller.serviceName !== s.serviceName &&
        recorders.has(caller.serviceName) &&
        !recorders.has(s.serviceName)
      );
    });
    return missing.map((s) => ({
      level: 'warn',
      message:
        `the baggage entry ${sent.key} that ${byId.get(s.parentSpanId!)!.serviceName} recorded ` +
        `is not on the spans of ${s.serviceName}, which it called`,
      hint:
        `${s.serviceName} did not receive the baggage header, or does not record baggage: add baggage to ` +
        'OTEL_PROPAGATORS on both sides (tracecontext,baggage), and check proxies between them pass the header.',
      spanIds: [s.spanId],
    }));
  },
};
