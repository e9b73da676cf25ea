import { createTwoFilesPatch } from 'diff';
import type { Logger } from '../ui/logger.js';
import type { Plan, PlannedChange } from './plan.js';

/** Unified diff of one planned change (empty for unchanged files). */
export function diffOf(c: PlannedChange): string {
  if (c.action === 'unchanged') return '';
  const from = c.before === undefined ? '/dev/null' : `a/${c.change.path}`;
  return createTwoFilesPatch(from, `b/${c.change.path}`, c.before ?? '', c.after, undefined, undefined, { context: 3 })
    .split('\n')
    .slice(1) // drop the "====" line
    .join('\n');
}

const LABEL: Record<PlannedChange['action'], string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  conflict: 'CONFLICT',
};

/** One line per file: what would happen to it and why. */
export function printPlan(plan: Plan, log: Logger): void {
  const paint = {
    create: log.color.green,
    update: log.color.yellow,
    unchanged: log.color.dim,
    conflict: log.color.red,
  };
  for (const c of plan.changes) {
    const why = c.reason ? log.color.dim(` (${c.reason})`) : '';
    log.info(`  ${paint[c.action](LABEL[c.action].padEnd(9))} ${c.change.path}${why}`);
  }
}

/** Coloured unified diffs of every change that would write. */
export function printDiffs(plan: Plan, log: Logger): void {
  for (const c of plan.changes) {
    const d = diffOf(c);
    if (!d) continue;
    for (const line of d.split('\n')) {
      if (line.startsWith('+') && !line.startsWith('+++')) log.info(log.color.green(line));
      else if (line.startsWith('-') && !line.startsWith('---')) log.info(log.color.red(line));
      else log.info(line);
    }
  }
}
