import { backendById } from '../../backends/registry.js';
import { isWorkspaceConfig } from '../../config/config-form.js';
import { messageOf } from '../../errors.js';
import { recentTraces } from '../../otel/recent-traces.js';
import { hasBackend } from '../settings.js';
import type { Check, CheckOutcome, DoctorContext } from '../types.js';

/** How far back a recorded service's own traces count as "appeared". */
const LOOKBACK_MS = 60 * 60_000;

/** Whether the backend holds a recent trace of the service; a search failure is reported as such. */
async function hasRecentTrace(ctx: DoctorContext, service: string): Promise<boolean | { problem: string }> {
  const s = ctx.settings;
  const backend = backendById(s.backend);
  if (!backend.query.recent) return { problem: `${backend.title} has no search API tracekit knows` };
  try {
    const traces = await recentTraces(
      { query: backend.query, url: s.queryUrl! },
      { service, limit: 1, lookbackMs: LOOKBACK_MS, nowMs: ctx.now() },
      { requestTimeoutMs: ctx.requestTimeoutMs(), fetch: ctx.fetch },
    );
    return traces.length > 0;
  } catch (err) {
    return { problem: messageOf(err) };
  }
}

/**
 * A workspace's services (tracekit.yaml `services`): which of them appeared in the backend, in
 * the traces --app drove or among the backend's recent traces.
 */
export const servicesCheck: Check = {
  id: 'services',
  title: "Workspace's services in the backend",
  needs: ['backend-health'],
  timeoutMs: () => 'remaining',
  explain: `At a workspace root (a tracekit.yaml with a services list, written by \`tracekit init --all\`): names each
recorded service and whether it appeared in the backend, either in the traces the --app requests drove or among the
backend's traces of the last hour (searched by service name).
Warns when a recorded service sent nothing: it is not started, not started with its tracing setup, exports elsewhere,
or reports another service name.
Fix: start the service as init's next steps say, send it a request (or pass its URL with another --app), and check
OTEL_SERVICE_NAME does not override the recorded name.`,
  async run(ctx): Promise<CheckOutcome> {
    const yaml = ctx.inputs.yaml.config;
    if (!yaml || !isWorkspaceConfig(yaml)) return { status: 'skip', detail: 'tracekit.yaml records no workspace' };
    if (!hasBackend(ctx.settings) || !ctx.settings.queryUrl)
      return { status: 'skip', detail: 'no backend to query (backend: none)' };
    const seen = new Set(ctx.state.seenServices ?? []);
    const rows: { name: string; path: string; appeared: boolean; how: string }[] = [];
    for (const svc of yaml.services) {
      if (seen.has(svc.name)) {
        rows.push({ name: svc.name, path: svc.path, appeared: true, how: 'in the --app traces' });
        continue;
      }
      const recent = await hasRecentTrace(ctx, svc.name);
      const how = typeof recent === 'boolean' ? (recent ? 'recent traces' : 'no trace') : recent.problem;
      rows.push({ name: svc.name, path: svc.path, appeared: recent === true, how });
    }
    const missing = rows.filter((r) => !r.appeared);
    const detail = rows.map((r) => `${r.name} (${r.path}): ${r.appeared ? 'appeared' : 'missing'}, ${r.how}`);
    return {
      status: missing.length ? 'warn' : 'pass',
      detail: `${rows.length - missing.length} of ${rows.length} recorded services appeared\n${detail.join('\n')}`,
      ...(missing.length
        ? {
            hint:
              `Start ${missing.map((m) => m.name).join(', ')} as init's next steps say and send each a request ` +
              '(or pass its URL with another --app).',
          }
        : {}),
      data: { services: rows },
    };
  },
};
