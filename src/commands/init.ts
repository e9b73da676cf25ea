import { Command, Option } from 'commander';
import { backendIds } from '../backends/registry.js';
import { NO_BACKEND, PROTOCOLS } from '../config/choices.js';
import { parseRedactKeys } from '../config/redaction.js';
import { collectNames } from '../flag-values.js';
import type { InitOptions } from '../init/options.js';
import { allFrameworkIds, languageIds } from '../languages/registry.js';
import type { GlobalOptions, RunCommand } from './global.js';

interface InitFlags {
  yes?: boolean;
  lang?: InitOptions['lang'];
  framework?: string;
  serviceName?: string;
  backend?: InitOptions['backend'];
  endpoint?: string;
  protocol?: InitOptions['protocol'];
  sampler?: string;
  redact?: string[];
  install: boolean;
  tests?: boolean;
  dryRun?: boolean;
  force?: boolean;
  upgradeGo?: boolean;
  all?: boolean;
  only?: string[];
}

/** Maps parsed flags to init's options (kept pure so a table test can cover it). */
export function initOptionsFrom(dir: string | undefined, flags: InitFlags, global: GlobalOptions): InitOptions {
  return {
    dir: dir ?? '.',
    yes: flags.yes ?? false,
    lang: flags.lang,
    framework: flags.framework,
    serviceName: flags.serviceName,
    backend: flags.backend,
    endpoint: flags.endpoint,
    protocol: flags.protocol,
    sampler: flags.sampler,
    redact: flags.redact,
    install: flags.install,
    tests: flags.tests,
    dryRun: flags.dryRun ?? false,
    force: flags.force ?? false,
    upgradeRuntime: flags.upgradeGo ?? false,
    json: global.json,
    ...(flags.all ? { all: true } : {}),
    ...(flags.only ? { only: flags.only } : {}),
  };
}

/** `tracekit init`; its choices and help come from the registries as they are when it is built. */
export function initCommand(run: RunCommand): Command {
  return new Command('init')
    .description('Detect a service and write OpenTelemetry tracing into it')
    .argument('[dir]', 'the service folder, or a repository root holding several services', '.')
    .option('--all', 'at a repository root: instrument every service found')
    .option(
      '--only <names>',
      'at a repository root: instrument these services (names or folders, comma-separated)',
      collectNames,
    )
    .option('-y, --yes', 'accept the defaults and consent to edits and installs (no questions)')
    .addOption(new Option('--lang <lang>', 'language to instrument when several are found').choices(languageIds()))
    .option('--framework <id>', `framework, when detection picks the wrong one (${allFrameworkIds().join(', ')})`)
    .option('--service-name <name>', 'service.name reported by the service')
    .addOption(
      new Option('--backend <name>', 'tracing backend the service exports to').choices([...backendIds(), NO_BACKEND]),
    )
    .option('--endpoint <url>', 'OTLP endpoint (default http://localhost:4318 for http, :4317 for grpc)')
    .addOption(new Option('--protocol <protocol>', 'OTLP protocol').choices(PROTOCOLS))
    .option(
      '--sampler <sampler>',
      'always_on, always_off, traceidratio:<r>, parentbased_always_on, parentbased_traceidratio:<r>, ' +
        '[parentbased_]jaeger_remote[:<initial r>] (strategies from Jaeger: backend up --sampling)',
    )
    .option(
      '--redact <keys>',
      'attribute keys (exact, or with * as a wildcard) whose values are masked before export, added to the defaults',
      (raw: string, prev: string[] | undefined) => [...(prev ?? []), ...parseRedactKeys(raw)],
    )
    .option('--no-install', 'print the install commands instead of running them')
    .option('--no-tests', "do not write a test of the tracing into the service's own test suite")
    .option('--dry-run', 'show what was detected, the plan and a diff; write nothing')
    .option('--force', 'overwrite files that you changed')
    .option(
      '--upgrade-go',
      "Go: raise go.mod's go directive to the newest line tracekit pins (up to its toolchain line) instead of " +
        'using the set that builds on it',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ tracekit init --all --yes                   at a monorepo root: every service, each with its own setup
  $ tracekit init --only api,worker             at a monorepo root: just these services
  $ tracekit init --dry-run                     show detection, plan and diff
  $ tracekit init --yes                         instrument with defaults, install packages
  $ tracekit init services/api --lang python --service-name api --protocol grpc
  $ tracekit init --yes --no-install --sampler parentbased_traceidratio:0.1`,
    )
    .action(async (dir: string | undefined, flags: InitFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { runInitCommand } = await import('../init/init-entry.js');
        const { result, exitCode } = await runInitCommand(ctx, initOptionsFrom(dir, flags, global));
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return exitCode;
      });
    });
}
