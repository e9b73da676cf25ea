import type { AuditData } from '../audit/types.js';

/** Links shown when many traces were audited: those with findings first. */
const MAX_LINKS = 3;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The audit's lines for the checklist: a summary, links to the traces, each finding with its fix. */
export function describeAudit(d: AuditData): string {
  const fails = d.findings.filter((f) => f.level === 'fail').length;
  const warns = d.findings.length - fails;
  const spans = d.traces.reduce((n, t) => n + t.spans, 0);
  const what = d.source === 'app' ? 'the --app trace' : `${plural(d.traces.length, 'trace')} of ${d.service}`;
  const verdict = d.findings.length
    ? [fails ? plural(fails, 'failure') : '', warns ? plural(warns, 'warning') : ''].filter(Boolean).join(', ')
    : 'no findings';
  const lines = [`${what} (${plural(spans, 'span')}): ${verdict}`];
  const flagged = new Set(d.findings.flatMap((f) => f.traces.map((t) => t.traceId)));
  const linked = [...d.traces].sort((a, b) => Number(flagged.has(b.traceId)) - Number(flagged.has(a.traceId)));
  for (const t of linked.slice(0, MAX_LINKS)) if (t.link) lines.push(`trace ${t.traceId}: ${t.link}`);
  for (const f of d.findings) {
    const where = d.traces.length > 1 ? ` (in ${f.traces.length} of ${d.traces.length} traces)` : '';
    lines.push(`${f.level} ${f.rule}: ${f.message}${where}`, `  fix: ${f.hint}`);
  }
  if (d.searchProblem && d.source === 'app') lines.push(`no span-count baseline: ${d.searchProblem}`);
  return lines.join('\n');
}
