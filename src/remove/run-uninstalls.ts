import path from 'node:path';
import type { Ctx } from '../context.js';
import { messageOf, TracekitError } from '../errors.js';
import type { RemoveStep } from './plan-remove.js';
import type { Uninstall } from './uninstall.js';

/** Each package manager command of the steps once, in their order. */
export function uniqueCommands(steps: RemoveStep[]): Uninstall[] {
  const seen = new Map<string, Uninstall>();
  for (const c of steps.flatMap((s) => s.commands ?? [])) seen.set(`${c.cwd}\0${c.argv.join('\0')}`, c);
  return [...seen.values()];
}

/** Runs the commands in order from their folders under root; the first failure stops remove. */
export async function runUninstalls(ctx: Ctx, root: string, commands: Uninstall[], json: boolean): Promise<void> {
  for (const c of commands) {
    const line = c.argv.join(' ');
    ctx.log.info(`$ ${line}`);
    const [file, ...args] = c.argv;
    const r = await ctx
      .exec(file!, args, { cwd: path.join(root, c.cwd), inherit: !json, timeoutMs: 15 * 60_000 })
      .catch((err: unknown) => ({ exitCode: -1, stdout: '', stderr: messageOf(err) }));
    if (r.exitCode !== 0) {
      const tail = (r.stderr || r.stdout).trim().split('\n').pop() ?? '';
      throw new TracekitError(`${line} failed (exit ${r.exitCode}). ${tail}`, {
        hint: 'Fix the cause and run `tracekit remove` again, or pass --no-uninstall and run it yourself later.',
      });
    }
  }
}
