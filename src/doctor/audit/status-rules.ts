import type { FoundSpan } from '../../otel/trace-model.js';
import { attributeOf, byService, httpStatusOf, isHttp, someNames } from './span-facts.js';
import type { AuditRule, RuleFinding } from './types.js';

/**
 * Whether an HTTP span's status disagrees with its response code, as the HTTP conventions set it:
 * a server span is an error from 500 up, a client span from 400 up.
 */
function statusContradicts(span: FoundSpan): boolean {
  const code = httpStatusOf(span);
  if (code === undefined || span.status === 'error') return false;
  return span.kind === 'server' ? code >= 500 : span.kind === 'client' && code >= 400;
}

const withCode = (s: FoundSpan) => `${s.name} → ${httpStatusOf(s)}`;

/** HTTP spans whose status is missing: no response code, or a failing code without the error status. */
export const statusRule: AuditRule = {
  id: 'status',
  summary: 'HTTP server spans carry the response status code, and failed requests the error status',
  run(trace) {
    const out: RuleFinding[] = [];
    const noCode = trace.filter((s) => s.kind === 'server' && isHttp(s) && httpStatusOf(s) === undefined);
    for (const [service, spans] of byService(noCode))
      out.push({
        level: 'warn',
        message: `HTTP server spans of ${service} have no response status code: ${someNames(spans.map((s) => s.name))}`,
        key: `${service} no code`,
        hint:
          "The span ended before the response was written, or a custom span replaces the instrumentation's: " +
          'end it after the response, or set http.response.status_code yourself.',
        spanIds: spans.map((s) => s.spanId),
      });
    const unmarked = trace.filter(statusContradicts);
    for (const [service, spans] of byService(unmarked))
      out.push({
        level: 'warn',
        message: `failed HTTP spans of ${service} lack the error status: ${someNames(spans.map(withCode))}`,
        key: `${service} unmarked`,
        hint:
          'Set the span status to error for 5xx answers (and 4xx on clients): error filters, alerts and ' +
          'the error rate of span metrics only see spans with the error status.',
        spanIds: spans.map((s) => s.spanId),
      });
    return out;
  },
};

/** An error span says why: an exception event, error.type, a status description, or a failing code. */
function explainsItself(span: FoundSpan): boolean {
  if (span.events.some((e) => e.name === 'exception')) return true;
  if (span.statusMessage || attributeOf(span, 'error.type') !== undefined) return true;
  const code = httpStatusOf(span);
  if (code !== undefined && code >= 400) return true;
  const grpc = attributeOf(span, 'rpc.grpc.status_code');
  return grpc !== undefined && Number(grpc) !== 0;
}

/** Error spans that say nothing of the error: someone has to reproduce it to learn what failed. */
export const errorDetailRule: AuditRule = {
  id: 'error-detail',
  summary: 'error spans record the exception (or at least error.type or a status description)',
  run(trace) {
    const bare = trace.filter((s) => s.status === 'error' && !explainsItself(s));
    return [...byService(bare)].map(([service, spans]) => ({
      level: 'warn',
      message: `error spans of ${service} say nothing of the error: ${someNames(spans.map((s) => s.name))}`,
      key: service,
      hint:
        'Record the exception where the status is set: span.recordException(err) (Node), ' +
        'span.record_exception(e) (Python), span.RecordError(err) (Go), with the status description.',
      spanIds: spans.map((s) => s.spanId),
    }));
  },
};
