import { Command } from 'commander';
import { collectNames } from '../flag-values.js';
import type { UpgradeOptions } from '../upgrade/options.js';
import type { GlobalOptions, RunCommand } from './global.js';

interface UpgradeFlags {
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  install: boolean;
  only?: string[];
}

/** Maps parsed flags to upgrade's options (kept pure so a table test can cover it). */
export function upgradeOptionsFrom(
  dir: string | undefined,
  flags: UpgradeFlags,
  global: GlobalOptions,
): UpgradeOptions {
  return {
    dir: dir ?? '.',
    yes: flags.yes ?? false,
    dryRun: flags.dryRun ?? false,
    force: flags.force ?? false,
    install: flags.install,
    json: global.json,
    ...(flags.only ? { only: flags.only } : {}),
  };
}

/** `tracekit upgrade`: a service set up by an older tracekit moved to this one's files and versions. */
export function upgradeCommand(run: RunCommand): Command {
  return new Command('upgrade')
    .description("Move a service tracekit set up to this tracekit's generated files and pinned OpenTelemetry versions")
    .argument('[dir]', 'the service folder, or a repository root whose tracekit.yaml lists services', '.')
    .option(
      '--only <names>',
      'at a repository root: upgrade these services (names or folders, comma-separated)',
      collectNames,
    )
    .option('-y, --yes', 'consent to edits of your files and to the installs (no questions)')
    .option('--no-install', 'print the install commands instead of running them')
    .option('--dry-run', 'show the version table, the plan and a diff; write nothing')
    .option('--force', 'overwrite generated files that you changed')
    .addHelpText(
      'after',
      `
Examples:
  $ tracekit upgrade --dry-run          what would change: line, versions, files and diff
  $ tracekit upgrade --yes              regenerate tracekit's files and install the pinned versions
  $ tracekit upgrade --yes --only api   at a repository root: just this service`,
    )
    .action(async (dir: string | undefined, flags: UpgradeFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { runUpgrade } = await import('../upgrade/run-upgrade.js');
        const { result, exitCode } = await runUpgrade(ctx, upgradeOptionsFrom(dir, flags, global));
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return exitCode;
      });
    });
}
