import type { Logger } from '../ui/logger.js';
import { type DoctorReport, isFailing } from './report.js';
import type { RunEvents } from './run-checks.js';
import type { CheckStatus } from './types.js';

const TITLE_WIDTH = 22;
const time = (ms: number) => (ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`);

/**
 * The checklist on stderr: on a terminal a "…" line while each check runs, replaced by its
 * result; elsewhere (CI, pipes) only the result lines, so logs stay clean.
 */
export function humanProgress(log: Logger, isTTY: boolean, strict: boolean): RunEvents {
  const c = log.color;
  const mark: Record<CheckStatus, string> = {
    pass: c.green('✔'),
    warn: c.yellow('!'),
    fail: c.red('✖'),
    skip: c.dim('-'),
  };
  return {
    onStart(check) {
      if (isTTY) log.info(`${c.dim('…')} ${check.title}`);
    },
    onResult({ check, result }) {
      const status = strict && result.status === 'warn' ? 'fail' : result.status;
      const [first, ...rest] = result.detail.split('\n');
      const said = result.status === 'skip' ? c.dim(first!) : `${first} ${c.dim(`(${time(result.durationMs)})`)}`;
      const line = `${mark[status]} ${check.title.padEnd(TITLE_WIDTH)} ${said}`;
      // Move up over the "…" line and clear it.
      log.info(isTTY ? `\x1b[1A\x1b[2K${line}` : line);
      for (const more of rest) log.info(`  ${' '.repeat(TITLE_WIDTH)} ${more}`);
      if (result.hint && result.status !== 'pass') log.info(`  ${c.dim('hint:')} ${result.hint}`);
    },
  };
}

/** The last line: counts, time, and the verdict. */
export function humanSummary(log: Logger, report: DoctorReport): void {
  const c = log.color;
  const s = report.summary;
  const counts = [
    `${s.pass} passed`,
    `${s.warn} warning${s.warn === 1 ? '' : 's'}`,
    `${s.fail} failed`,
    `${s.skip} skipped`,
  ].join(', ');
  const failing = report.checks.filter((x) => isFailing(x.status, report.strict)).map((x) => x.id);
  const flows = report.checks.some((x) => x.id === 'synthetic-found' && x.status === 'pass');
  const verdict = report.ok
    ? c.green(flows ? 'traces flow end to end' : 'nothing failed')
    : c.red(`FAILED (${failing.join(', ')})${report.strict && s.warn ? ' — --strict counts warnings' : ''}`);
  log.info(`\ndoctor: ${counts} in ${time(report.durationMs)}: ${verdict}`);
}
