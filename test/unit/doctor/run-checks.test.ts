import { describe, expect, it } from 'vitest';
import { runChecks, type SharedContext } from '../../../src/doctor/run-checks.js';
import type { Check, CheckId, CheckOutcome } from '../../../src/doctor/types.js';

const shared = {} as SharedContext;
const check = (
  id: CheckId,
  needs: CheckId[],
  run: () => Promise<CheckOutcome>,
  timeoutMs: number | 'remaining' = 1000,
): Check => ({ id, title: `T ${id}`, needs, explain: '', timeoutMs: () => timeoutMs, run });
const pass = async (): Promise<CheckOutcome> => ({ status: 'pass', detail: 'ok' });
const never = () => new Promise<CheckOutcome>(() => undefined);
const opts = { timeoutMs: 5000, requestTimeoutMs: 5000, now: Date.now };

describe('runChecks', () => {
  it('skips what depends on a failure, transitively, with the reason; runs the rest', async () => {
    const runs = await runChecks(
      [
        check('config', [], pass),
        check('backend-health', ['config'], async () => ({ status: 'fail', detail: 'down', hint: 'start it' })),
        check('ingest', ['backend-health'], pass),
        check('synthetic-sent', ['ingest'], pass),
        check('app', ['config'], pass),
      ],
      shared,
      opts,
    );
    expect(runs.map((r) => [r.check.id, r.result.status, r.result.detail])).toEqual([
      ['config', 'pass', 'ok'],
      ['backend-health', 'fail', 'down'],
      ['ingest', 'skip', 'skipped: T backend-health failed'],
      ['synthetic-sent', 'skip', 'skipped: T backend-health failed'],
      ['app', 'pass', 'ok'],
    ]);
  });

  it('a skip that is not caused by a failure does not block dependents', async () => {
    const runs = await runChecks(
      [
        check('backend-health', [], async () => ({ status: 'skip', detail: 'n/a' })),
        check('ingest', ['backend-health'], pass),
      ],
      shared,
      opts,
    );
    expect(runs[1]!.result.status).toBe('pass');
  });

  it('turns a throw into a failure and a hang into a timed-out failure; the run still ends', async () => {
    const runs = await runChecks(
      [
        check('config', [], async () => {
          throw new Error('kaboom');
        }),
        check('backend-health', [], never, 50),
      ],
      shared,
      opts,
    );
    expect(runs[0]!.result).toMatchObject({ status: 'fail', detail: 'the check crashed: kaboom' });
    expect(runs[1]!.result).toMatchObject({ status: 'fail', detail: 'did not finish within 0.1s' });
  });

  it('bounds every check by the run timeout and skips what is left once it is used up', async () => {
    const runs = await runChecks([check('config', [], never, 'remaining'), check('app', [], pass)], shared, {
      ...opts,
      timeoutMs: 100,
    });
    expect(runs[0]!.result).toMatchObject({ status: 'fail', hint: 'Raise --timeout.' });
    expect(runs[1]!.result).toMatchObject({ status: 'skip', detail: 'skipped: the --timeout was used up' });
  });

  it('gives each check its budget and a request timeout no longer than it', async () => {
    let seen: number[] = [];
    const probe: Check = {
      ...check('ingest', [], pass, 300),
      run: async (ctx) => {
        seen = [ctx.budgetMs(), ctx.requestTimeoutMs()];
        return { status: 'pass', detail: '' };
      },
    };
    await runChecks([probe], shared, opts);
    expect(seen[0]).toBeLessThanOrEqual(300);
    expect(seen[1]).toBeLessThanOrEqual(300);
  });
});
