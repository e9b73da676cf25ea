import type { FoundSpan } from '../../otel/trace-model.js';
import { AUDIT_RULES } from './rules.js';
import { servedEndpoint } from './span-facts.js';
import type { AuditContext, AuditFinding, AuditRule } from './types.js';

export interface AuditInput {
  traces: FoundSpan[][];
  /** Other traces of the service: the span-count baseline, and more addresses of traced services. */
  baseline: FoundSpan[][];
  externalParents?: ReadonlySet<string>;
  sentBaggage?: AuditContext['sentBaggage'];
}

/**
 * Runs every rule on every trace. The same finding in several traces (the same rule and subject)
 * is one finding listing those traces, with the first trace's examples, so --service over twenty
 * traces stays readable.
 */
export function auditTraces(input: AuditInput, rules: readonly AuditRule[] = AUDIT_RULES): AuditFinding[] {
  const all = [...input.traces, ...input.baseline];
  const tracedEndpoints = new Set(
    all.flatMap((t) => t.filter((s) => s.kind === 'server').flatMap((s) => servedEndpoint(s) ?? [])),
  );
  const findings = new Map<string, AuditFinding>();
  for (const trace of input.traces) {
    const traceId = trace[0]!.traceId;
    const ctx: AuditContext = {
      externalParents: input.externalParents ?? new Set(),
      ...(input.sentBaggage ? { sentBaggage: input.sentBaggage } : {}),
      otherSpanCounts: input.baseline.filter((t) => t[0]?.traceId !== traceId).map((t) => t.length),
      tracedEndpoints,
    };
    for (const rule of rules) {
      for (const { spanIds, key: about, ...f } of rule.run(trace, ctx)) {
        const key = `${rule.id}\n${about ?? f.message}`;
        const seen = findings.get(key);
        if (seen) seen.traces.push({ traceId, spanIds });
        else findings.set(key, { rule: rule.id, ...f, traces: [{ traceId, spanIds }] });
      }
    }
  }
  // Failures before warnings; within a level, the rules' order.
  return [...findings.values()].sort((a, b) => (a.level === b.level ? 0 : a.level === 'fail' ? -1 : 1));
}
