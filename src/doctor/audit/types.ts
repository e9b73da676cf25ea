import type { FoundSpan } from '../../otel/trace-model.js';

/** How bad a finding is: `fail` fails the run, `warn` only under --strict. */
export type AuditLevel = 'fail' | 'warn';

/** What one rule found in one trace. The message names spans and services, never ids, so traces can share it. */
export interface RuleFinding {
  level: AuditLevel;
  message: string;
  hint: string;
  /** The spans it is about, for --json. */
  spanIds: string[];
  /**
   * What the finding is about (a service, a kind of break), so that the same finding in several
   * traces is listed once though its examples differ; the message when absent.
   */
  key?: string;
}

/** What a rule may know beyond the trace itself. */
export interface AuditContext {
  /** Span ids outside the trace that may parent its spans: the parent doctor sent in traceparent. */
  externalParents: ReadonlySet<string>;
  /** The baggage entry doctor sent with its request, when it sent one. */
  sentBaggage?: { key: string; value: string };
  /** Span counts of the service's other recent traces (empty: no baseline). */
  otherSpanCounts: readonly number[];
  /** host:port where a traced service's server spans were seen (in any trace doctor read). */
  tracedEndpoints: ReadonlySet<string>;
}

/** One audit rule: a small function over the spans of one trace. */
export interface AuditRule {
  id: string;
  /** One line for --explain. */
  summary: string;
  run(trace: FoundSpan[], ctx: AuditContext): RuleFinding[];
}

/** A finding as the report carries it: the rule, and every trace it was found in. */
export interface AuditFinding extends Omit<RuleFinding, 'spanIds'> {
  rule: string;
  traces: { traceId: string; spanIds: string[] }[];
}

/** One audited trace in the report. */
export interface AuditedTrace {
  traceId: string;
  spans: number;
  services: string[];
  /** The trace in the backend's UI, when it has one doctor can link to. */
  link: string | null;
}

/** The audit check's --json `data`. */
export interface AuditData {
  source: 'app' | 'service';
  service: string | null;
  traces: AuditedTrace[];
  findings: AuditFinding[];
  /** Why the span-count baseline or the service's traces could not be read, when they could not. */
  searchProblem: string | null;
}
