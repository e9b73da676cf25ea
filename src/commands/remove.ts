import { Command } from 'commander';
import type { RemoveOptions } from '../remove/run-remove.js';
import type { GlobalOptions, RunCommand } from './global.js';

interface RemoveFlags {
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  uninstall: boolean;
}

/** Maps parsed flags to remove's options (kept pure so a table test can cover it). */
export function removeOptionsFrom(dir: string | undefined, flags: RemoveFlags, global: GlobalOptions): RemoveOptions {
  return {
    dir: dir ?? '.',
    yes: flags.yes ?? false,
    dryRun: flags.dryRun ?? false,
    force: flags.force ?? false,
    uninstall: flags.uninstall,
    json: global.json,
  };
}

/** `tracekit remove`: takes out what `tracekit init` added, from its record. */
export function removeCommand(run: RunCommand): Command {
  return new Command('remove')
    .description('Take out what tracekit init added: its files, its edits of yours, the dependencies it added')
    .argument('[dir]', 'the folder tracekit init ran in (a service, or the repository root of init --all)', '.')
    .option('-y, --yes', 'consent to delete and restore the files (no question)')
    .option('--dry-run', 'show the plan and a diff; change nothing')
    .option('--force', 'also delete tracekit files you edited; leave files it cannot restore and remove the rest')
    .option('--no-uninstall', 'never run the package manager (a lockfile changed since init is left as it is)')
    .addHelpText(
      'after',
      `
Examples:
  $ tracekit remove --dry-run          what would be deleted and restored, with the diff
  $ tracekit remove --yes              remove tracekit, restoring package.json / go.mod / main.py as before init`,
    )
    .action(async (dir: string | undefined, flags: RemoveFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { runRemove } = await import('../remove/run-remove.js');
        const { result, exitCode } = await runRemove(ctx, removeOptionsFrom(dir, flags, global));
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return exitCode;
      });
    });
}
