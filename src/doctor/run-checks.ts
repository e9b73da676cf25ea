import { messageOf } from '../errors.js';
import type { Check, CheckResult, DoctorContext } from './types.js';

/** A check and what came of it. */
export interface CheckRun {
  check: Check;
  result: CheckResult;
}

/** Progress callbacks, so a reporter can show each check as it starts and ends. */
export interface RunEvents {
  onStart?(check: Check): void;
  onResult?(run: CheckRun): void;
}

export interface RunChecksOptions {
  /** Bound on the whole run (--timeout). */
  timeoutMs: number;
  /** Bound on each single request. */
  requestTimeoutMs: number;
  now: () => number;
}

/** What checks share; the runner adds each check's own clock. */
export type SharedContext = Omit<DoctorContext, 'budgetMs' | 'requestTimeoutMs' | 'now'>;

class CheckTimeout extends Error {}

/**
 * Rejects after ms. The timer is deliberately not unref'd: a check stuck on a promise that
 * holds no handle must still end in a timeout and a report, not in Node exiting silently.
 * Every caller cancels it when the check settles.
 */
function deadlineAfter(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Runs checks in order. A check whose needed check failed (or was skipped for that reason) is
 * skipped with the reason; a check that throws fails with the message; a check that overruns its
 * own limit or the run's --timeout fails as timed out. Each result is timed. Never throws.
 */
export async function runChecks(
  checks: Check[],
  shared: SharedContext,
  o: RunChecksOptions,
  events: RunEvents = {},
): Promise<CheckRun[]> {
  const runDeadline = o.now() + o.timeoutMs;
  const blocked = new Map<string, string>();
  const runs: CheckRun[] = [];
  const record = (check: Check, result: CheckResult) => {
    if (result.status === 'fail') blocked.set(check.id, `${check.title} failed`);
    const run = { check, result };
    runs.push(run);
    events.onResult?.(run);
  };
  for (const check of checks) {
    events.onStart?.(check);
    const blocker = check.needs.find((id) => blocked.has(id));
    if (blocker) {
      blocked.set(check.id, blocked.get(blocker)!);
      record(check, { status: 'skip', detail: `skipped: ${blocked.get(blocker)}`, durationMs: 0 });
      continue;
    }
    const remaining = runDeadline - o.now();
    if (remaining <= 0) {
      blocked.set(check.id, 'the --timeout was used up');
      record(check, {
        status: 'skip',
        detail: 'skipped: the --timeout was used up',
        hint: 'Raise --timeout.',
        durationMs: 0,
      });
      continue;
    }
    const own = check.timeoutMs({
      ...shared,
      now: o.now,
      budgetMs: () => remaining,
      requestTimeoutMs: () => o.requestTimeoutMs,
    });
    const limit = own === 'remaining' ? remaining : Math.min(own, remaining);
    const started = o.now();
    const checkDeadline = started + limit;
    const ctx: DoctorContext = {
      ...shared,
      now: o.now,
      budgetMs: () => Math.max(0, checkDeadline - o.now()),
      requestTimeoutMs: () => Math.max(1, Math.min(o.requestTimeoutMs, checkDeadline - o.now())),
    };
    // A little grace past the limit: checks size their own requests to the budget and should end first.
    const guard = deadlineAfter(limit + 500);
    let result: CheckResult;
    try {
      const outcome = await Promise.race([check.run(ctx), guard.promise]);
      result = { ...outcome, durationMs: o.now() - started };
    } catch (err) {
      const durationMs = o.now() - started;
      result =
        err instanceof CheckTimeout
          ? {
              status: 'fail',
              detail: `did not finish within ${(limit / 1000).toFixed(1)}s`,
              hint:
                own === 'remaining' || limit < own
                  ? 'Raise --timeout.'
                  : 'Something it talks to never answered; run with --verbose and check the addresses.',
              durationMs,
            }
          : {
              status: 'fail',
              detail: `the check crashed: ${messageOf(err)}`,
              hint: 'This is a bug in tracekit: please report it with the output of --verbose.',
              durationMs,
            };
    } finally {
      guard.cancel();
    }
    record(check, result);
  }
  return runs;
}
