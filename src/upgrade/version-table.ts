import type { PinnedVersions } from '../languages/language.js';
import type { Logger } from '../ui/logger.js';

/**
 * One dependency whose declared version is not the pinned one: `from` is absent when it is new,
 * `to` when the plan removes it (a package of the old line).
 */
export interface VersionRow {
  name: string;
  from?: string;
  to?: string;
}

/** The move between release lines, when the declared versions form another line than the pinned ones. */
export interface LineChange {
  from?: string;
  to: string;
  reason?: string;
  changed: boolean;
}

/** The pinned dependencies the manifest does not declare at their pinned version, in the plan's order. */
export function versionRows(v: PinnedVersions | undefined): VersionRow[] {
  if (!v) return [];
  const changed = Object.entries(v.packages)
    .filter(([name, to]) => v.declared[name] !== to)
    .map(([name, to]) => (v.declared[name] === undefined ? { name, to } : { name, from: v.declared[name], to }));
  return [...changed, ...Object.entries(v.removed ?? {}).map(([name, from]) => ({ name, from }))];
}

/** The line the service is on and the one it moves to. */
export function lineChange(v: PinnedVersions | undefined): LineChange | undefined {
  if (!v) return undefined;
  return {
    ...(v.declaredLine ? { from: v.declaredLine } : {}),
    to: v.line,
    ...(v.reason ? { reason: v.reason } : {}),
    changed: v.declaredLine !== undefined && v.declaredLine !== v.line,
  };
}

/** "OpenTelemetry JS 2.x → OpenTelemetry JS 3.x, as Node 22 from .nvmrc allows" and what it means. */
export function describeLine(line: LineChange): string {
  if (!line.changed) return `${line.to}${line.reason ? ` (${line.reason})` : ''}.`;
  return (
    `${line.from} → ${line.to}${line.reason ? `, as ${line.reason} allows` : ''}. Its packages replace the old ` +
    "line's, and the files tracekit generated for the old line are regenerated (see the plan)."
  );
}

/** The table `package  old → new`, names padded to one column. */
export function printVersionTable(log: Logger, rows: VersionRow[], line: LineChange | undefined): void {
  if (line) log.info(`Line: ${describeLine(line)}`);
  if (rows.length === 0) {
    log.info('Versions: every pinned package is at its version already.');
    return;
  }
  log.info('Versions:');
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) log.info(`  ${r.name.padEnd(width)}  ${r.from ?? '(not declared)'} → ${r.to ?? '(removed)'}`);
}
