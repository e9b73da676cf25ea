import type { Ctx } from '../context.js';
import { TracekitError } from '../errors.js';

/** healthy, still starting, or failed for good (the process exited, the container died). */
export type HealthState =
  | { state: 'healthy' }
  | { state: 'starting'; detail?: string }
  | { state: 'failed'; detail: string };

export interface HealthTarget {
  name: string;
  check(): Promise<HealthState>;
  logTail(): Promise<string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET url with a short timeout: 2xx is healthy, anything else (or no answer) is still starting. */
export async function httpHealth(ctx: Ctx, url: string): Promise<HealthState> {
  try {
    const r = await ctx.fetch(url, { signal: AbortSignal.timeout(2000) });
    await r.body?.cancel();
    return r.ok ? { state: 'healthy' } : { state: 'starting', detail: `HTTP ${r.status}` };
  } catch {
    return { state: 'starting' };
  }
}

/**
 * Polls every target until all are healthy. Prints a progress line every few seconds; on a
 * failure or at the deadline throws an error naming the service, with the tail of its log.
 */
export async function waitUntilHealthy(
  ctx: Ctx,
  targets: HealthTarget[],
  opts: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const started = ctx.now();
  let lastProgress = started;
  const pending = new Set(targets);
  for (;;) {
    for (const t of [...pending]) {
      const h = await t.check();
      if (h.state === 'healthy') pending.delete(t);
      else if (h.state === 'failed') await fail(t, `${t.name} stopped before it was healthy (${h.detail}).`);
    }
    if (pending.size === 0) return;
    const elapsed = ctx.now() - started;
    if (elapsed > opts.timeoutMs) {
      const first = [...pending][0]!;
      await fail(
        first,
        `${[...pending].map((t) => t.name).join(', ')} did not become healthy ` +
          `within ${Math.round(opts.timeoutMs / 1000)} s.`,
      );
    }
    if (ctx.now() - lastProgress >= 5000) {
      lastProgress = ctx.now();
      ctx.log.info(
        ctx.log.color.dim(
          `  waiting for ${[...pending].map((t) => t.name).join(', ')} (${Math.round(elapsed / 1000)} s)`,
        ),
      );
    }
    await sleep(opts.intervalMs ?? 500);
  }
}

async function fail(t: HealthTarget, message: string): Promise<never> {
  const tail = (await t.logTail()).trim();
  throw new TracekitError(`${message}${tail ? `\nLast lines of its log:\n${tail}` : ''}`, {
    hint:
      'Read the log above; fix the cause, then run `tracekit backend up` again ' +
      '(or raise --timeout if it is only slow).',
  });
}
