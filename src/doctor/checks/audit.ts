import { backendById } from '../../backends/registry.js';
import { messageOf } from '../../errors.js';
import { recentTraces } from '../../otel/recent-traces.js';
import type { FoundSpan } from '../../otel/trace-model.js';
import { AUDIT_RULES } from '../audit/rules.js';
import { auditTraces } from '../audit/run-audit.js';
import type { AuditData, AuditedTrace, AuditFinding } from '../audit/types.js';
import { backendTitle, hasBackend } from '../settings.js';
import type { Check, CheckOutcome, DoctorContext } from '../types.js';
import { describeAudit } from './audit-detail.js';

/** How many recent traces of a service to read, and how far back. */
const RECENT_LIMIT = 20;
const LOOKBACK_MS = 60 * 60_000;
/** Traces younger than the batch delay plus this may still be missing spans in flight. */
const SETTLE_MARGIN_MS = 2000;

/** The service that received doctor's request: the one whose span is a child of doctor's parent. */
const entryService = (spans: FoundSpan[], parentSpanId: string) =>
  spans.find((s) => s.parentSpanId === parentSpanId)?.serviceName ?? spans[0]!.serviceName;

/** The service's recent traces, or why they could not be read. */
async function readRecent(ctx: DoctorContext, service: string): Promise<FoundSpan[][] | { problem: string }> {
  const s = ctx.settings;
  const backend = backendById(s.backend);
  if (!backend.query.recent) return { problem: `${backend.title} has no search API tracekit knows` };
  try {
    return await recentTraces(
      { query: backend.query, url: s.queryUrl! },
      {
        service,
        limit: RECENT_LIMIT,
        lookbackMs: LOOKBACK_MS,
        nowMs: ctx.now() - s.batchDelay.value - SETTLE_MARGIN_MS,
      },
      { requestTimeoutMs: ctx.requestTimeoutMs(), fetch: ctx.fetch },
    );
  } catch (err) {
    return { problem: `${backend.title}'s search API at ${s.queryUrl} failed: ${messageOf(err)}` };
  }
}

function traceSummary(ctx: DoctorContext, spans: FoundSpan[]): AuditedTrace {
  const s = ctx.settings;
  const link = backendById(s.backend).query.traceLink;
  const traceId = spans[0]!.traceId;
  return {
    traceId,
    spans: spans.length,
    services: [...new Set(spans.map((x) => x.serviceName))],
    link: link ? link({ queryUrl: s.queryUrl!, uiUrl: s.uiUrl ?? s.queryUrl! }, traceId) : null,
  };
}

const statusOf = (findings: AuditFinding[]): CheckOutcome['status'] =>
  findings.some((f) => f.level === 'fail') ? 'fail' : findings.length ? 'warn' : 'pass';

/** Check 7: what the traces are worth for debugging, rule by rule (src/doctor/audit/rules.ts). */
export const auditCheck: Check = {
  id: 'audit',
  title: 'Trace quality',
  needs: ['backend-health', 'app'],
  timeoutMs: () => 'remaining',
  explain: `With --app, audits the trace the app check drove; with --service NAME, the service's last
${RECENT_LIMIT} traces of the past hour from the backend's search API (Jaeger /api/v3/traces, Zipkin /api/v2/traces,
Tempo /api/search). Prints a link to each trace in the backend's UI (Jaeger, Zipkin, Grafana Explore for
Tempo). The rules:
${AUDIT_RULES.map((r) => `  ${r.id}: ${r.summary}`).join('\n')}
A credential or personal data in a value and a service without a name fail; the rest warn (fail under --strict).
Each finding carries its fix; --json lists them under data.findings with the traces and span ids.`,
  async run(ctx): Promise<CheckOutcome> {
    const s = ctx.settings;
    const app = ctx.state.appTrace;
    if (!app && !s.service) return { status: 'skip', detail: 'no --app trace or --service to audit' };
    if (!hasBackend(s) || !s.queryUrl) return { status: 'skip', detail: 'no backend to query (backend: none)' };
    const service = s.service ?? entryService(app!.spans, app!.parentSpanId);
    const recent = await readRecent(ctx, service);
    const others = 'problem' in recent ? [] : recent.filter((t) => t[0]!.traceId !== app?.traceId);
    const searchProblem = 'problem' in recent ? recent.problem : null;
    if (!app && !others.length)
      return {
        status: 'fail',
        detail: searchProblem ?? `no trace of service ${service} in ${backendTitle(s)} from the past hour`,
        hint: searchProblem
          ? `Check that --query-url points at ${backendTitle(s)}'s query API and that it is healthy.`
          : 'Check the service name (OTEL_SERVICE_NAME) and that the service sent requests recently.',
      };
    const traces = app ? [app.spans, ...(s.service ? others : [])] : others;
    const findings = auditTraces({
      traces,
      baseline: others,
      ...(app ? { externalParents: new Set([app.parentSpanId]), sentBaggage: app.baggage } : {}),
    });
    const data: AuditData = {
      source: app ? 'app' : 'service',
      service,
      traces: traces.map((t) => traceSummary(ctx, t)),
      findings,
      searchProblem,
    };
    const status = statusOf(findings);
    return {
      status,
      detail: describeAudit(data),
      ...(status !== 'pass'
        ? { hint: `Each finding says what to change; \`tracekit doctor --explain audit\` lists the rules.` }
        : {}),
      data: { ...data },
    };
  },
};
