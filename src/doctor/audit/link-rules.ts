import type { FoundSpan } from '../../otel/trace-model.js';
import { attributeOf, calledEndpoint, namesWithService } from './span-facts.js';
import type { AuditRule, RuleFinding } from './types.js';

/**
 * Broken parent links. A root has no parent (or doctor's made-up one); an orphan's parent is not in
 * the trace. A lone orphan at the top is a trace that came in from a caller which does not export
 * (a proxy, an untraced client), which is not a fault; an orphan beside another top span, or two
 * roots, is one trace torn apart.
 */
export const parentLinksRule: AuditRule = {
  id: 'parent-links',
  summary: 'one trace has one top span: no second root, no span whose parent never arrived',
  run(trace, ctx) {
    const ids = new Set(trace.map((s) => s.spanId));
    const roots = trace.filter((s) => !s.parentSpanId || ctx.externalParents.has(s.parentSpanId));
    const orphans = trace.filter(
      (s) => s.parentSpanId && !ids.has(s.parentSpanId) && !ctx.externalParents.has(s.parentSpanId),
    );
    const out: RuleFinding[] = [];
    if (roots.length > 1)
      out.push({
        level: 'warn',
        message: `the trace has ${roots.length} root spans: ${namesWithService(roots)}`,
        key: 'roots',
        hint:
          'A span was started without the context of the request it belongs to (a callback, a thread, a queue ' +
          'consumer that did not extract the headers): pass the context along, or start it as a child.',
        spanIds: roots.map((s) => s.spanId),
      });
    if (orphans.length && roots.length + orphans.length > 1)
      out.push({
        level: 'warn',
        message: `spans whose parent is not in the trace: ${namesWithService(orphans)}`,
        key: 'orphans',
        hint:
          'The parent span was never exported: a service that does not export (or samples differently: use a ' +
          'parentbased sampler everywhere), a span never ended, or an exporter that dropped spans (queue full).',
        spanIds: orphans.map((s) => s.spanId),
      });
    return out;
  },
};

/** Calls to databases and brokers have no server span of their own, by nature. */
const callsAService = (s: FoundSpan) => attributeOf(s, 'db.system', 'db.system.name', 'messaging.system') === undefined;

/**
 * Client spans that called a traced service but no server span joined under them: the called
 * service dropped the context. Only calls to an address where a traced service's server spans were
 * seen count; a call to anything else (an external API) may well be untraced.
 */
export const clientServerRule: AuditRule = {
  id: 'client-without-server',
  summary: 'a call to a traced service continues in a server span under the client span',
  run(trace, ctx) {
    const parents = new Set(trace.filter((s) => s.kind === 'server').map((s) => s.parentSpanId));
    const lost = trace.filter((s) => {
      if (s.kind !== 'client' || !callsAService(s) || parents.has(s.spanId)) return false;
      const endpoint = calledEndpoint(s);
      return endpoint !== undefined && ctx.tracedEndpoints.has(endpoint);
    });
    return lost.map((s) => ({
      level: 'warn',
      message:
        `client span "${s.name}" of ${s.serviceName} called ${calledEndpoint(s)}, where a traced service ` +
        'listens, but no server span joined under it',
      hint:
        'The called service did not continue the trace: make its OTEL_PROPAGATORS include tracecontext (and ' +
        "the caller's too), and check that the client library is instrumented so the headers are sent.",
      spanIds: [s.spanId],
      key: `${s.serviceName} ${calledEndpoint(s)}`,
    }));
  },
};
