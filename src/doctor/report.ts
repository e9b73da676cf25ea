import type { CheckRun } from './run-checks.js';
import type { CheckId, CheckStatus, DoctorSettings } from './types.js';

/** Bumped only when a field is removed or changes meaning; adding a field keeps the version. */
export const REPORT_SCHEMA_VERSION = 1;

/** One check in the report. `hint` is null when there is nothing to fix. */
export interface ReportedCheck {
  id: CheckId;
  title: string;
  status: CheckStatus;
  detail: string;
  hint: string | null;
  durationMs: number;
  needs: CheckId[];
  data: Record<string, unknown>;
}

/** The whole run: what --json prints and what JUnit and the annotations are made from. */
export interface DoctorReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** True when nothing failed (and, with --strict, nothing warned). */
  ok: boolean;
  exitCode: 0 | 1;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  timeoutMs: number;
  summary: Record<CheckStatus, number>;
  /** Where doctor sent and looked; header values are never included. */
  target: {
    backend: DoctorSettings['backend'];
    protocol: DoctorSettings['protocol'];
    ingestUrl: string | null;
    queryUrl: string | null;
    healthUrl: string | null;
    collectorHealthUrl: string | null;
    serviceName: string | null;
    app: string | null;
  };
  checks: ReportedCheck[];
}

export interface ReportMeta {
  strict: boolean;
  startedAt: number;
  durationMs: number;
  timeoutMs: number;
  settings: DoctorSettings;
}

/** Builds the report; a warning counts as a failure under --strict. */
export function buildReport(runs: CheckRun[], m: ReportMeta): DoctorReport {
  const summary: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of runs) summary[r.result.status]++;
  const ok = summary.fail === 0 && (!m.strict || summary.warn === 0);
  const s = m.settings;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    ok,
    exitCode: ok ? 0 : 1,
    strict: m.strict,
    startedAt: new Date(m.startedAt).toISOString(),
    durationMs: m.durationMs,
    timeoutMs: m.timeoutMs,
    summary,
    target: {
      backend: s.backend,
      protocol: s.protocol,
      ingestUrl: s.ingestUrl ?? null,
      queryUrl: s.queryUrl ?? null,
      healthUrl: s.healthUrl ?? null,
      collectorHealthUrl: s.collector?.healthUrl ?? null,
      serviceName: s.serviceName ?? null,
      app: s.app ?? null,
    },
    checks: runs.map(({ check, result }) => ({
      id: check.id,
      title: check.title,
      status: result.status,
      detail: result.detail,
      hint: result.hint ?? null,
      durationMs: result.durationMs,
      needs: check.needs,
      data: result.data ?? {},
    })),
  };
}

/** Whether a check's status makes the run fail. */
export const isFailing = (status: CheckStatus, strict: boolean) => status === 'fail' || (strict && status === 'warn');
