import { createTwoFilesPatch } from 'diff';
import type { Logger } from '../ui/logger.js';
import type { RemoveAction, RemoveStep } from './plan-remove.js';

const LABEL: Record<RemoveAction, string> = {
  delete: 'delete',
  restore: 'restore',
  undo: 'undo',
  uninstall: 'uninstall',
  keep: 'keep',
  conflict: 'CONFLICT',
  gone: 'gone',
};

/** One line per recorded file: what remove does to it and why. */
export function printRemovePlan(steps: RemoveStep[], log: Logger): void {
  const paint: Record<RemoveAction, (s: string) => string> = {
    delete: log.color.red,
    restore: log.color.yellow,
    undo: log.color.yellow,
    uninstall: log.color.yellow,
    keep: log.color.dim,
    conflict: log.color.red,
    gone: log.color.dim,
  };
  for (const s of steps)
    log.info(`  ${paint[s.action](LABEL[s.action].padEnd(10))} ${s.path} ${log.color.dim(`(${s.reason})`)}`);
}

/** The unified diff of a step that writes or deletes; empty for the others. */
export function diffOfStep(s: RemoveStep): string {
  if (s.before === undefined || !['delete', 'restore', 'undo'].includes(s.action)) return '';
  const to = s.action === 'delete' ? '/dev/null' : `b/${s.path}`;
  return createTwoFilesPatch(`a/${s.path}`, to, s.before, s.after ?? '', undefined, undefined, { context: 3 })
    .split('\n')
    .slice(1)
    .join('\n');
}

/** Coloured diffs of every step that writes or deletes (--dry-run). */
export function printRemoveDiffs(steps: RemoveStep[], log: Logger): void {
  for (const s of steps) {
    for (const line of diffOfStep(s).split('\n').filter(Boolean)) {
      if (line.startsWith('+') && !line.startsWith('+++')) log.info(log.color.green(line));
      else if (line.startsWith('-') && !line.startsWith('---')) log.info(log.color.red(line));
      else log.info(line);
    }
  }
}
