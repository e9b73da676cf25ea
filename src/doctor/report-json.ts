import type { DoctorReport } from './report.js';

/**
 * The --json document: one object on stdout, nothing else there. Fields (stable; see DoctorReport):
 * schemaVersion, ok, exitCode, strict, startedAt (ISO 8601), durationMs, timeoutMs,
 * summary {pass, warn, fail, skip}, target {backend, protocol, ingestUrl, queryUrl, healthUrl,
 * collectorHealthUrl, serviceName, app}, checks[] {id, title, status, detail, hint, durationMs, needs, data}.
 * The audit check's data is an AuditData (src/doctor/audit/types.ts): the traces and the typed findings.
 */
export function renderJson(report: DoctorReport): string {
  return JSON.stringify(report, null, 2);
}
