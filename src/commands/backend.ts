import { Command, Option } from 'commander';
import { COLLECTOR_PROGRAM } from '../backends/collector/index.js';
import type { BackendFlags } from '../backends/options.js';
import { PORT_ROLES } from '../backends/ports.js';
import { BACKENDS } from '../backends/registry.js';
import type { UpOptions } from '../backends/run-backend.js';
import { PORT_NAMES, type ProgramSpec } from '../backends/types.js';
import type { Ctx } from '../context.js';
import { parseDuration } from '../flag-values.js';
import { JAVA_PROGRAM } from '../runtime/programs.js';
import type { RunCommand } from './global.js';

/** `backend up` flags as commander parses them; each backend and program adds its own. */
interface UpFlags extends Omit<BackendFlags, 'named'> {
  dryRun?: boolean;
  force?: boolean;
  yes?: boolean;
  start: boolean;
  writeOnly?: boolean;
  install?: boolean;
  timeout: string;
  [flag: string]: unknown;
}

const collect = (v: string, acc: string[] = []) => [...acc, v];
/** The key commander stores a flag's value under (`--jaeger-bin` → `jaegerBin`). */
const attribute = (flag: string) => new Option(`--${flag}`).attributeName();

/** Every program the process runtime may run, once each: the backends', the Collector, java. */
function processPrograms(): ProgramSpec[] {
  const all = [...BACKENDS.flatMap((b) => b.programs), COLLECTOR_PROGRAM, JAVA_PROGRAM];
  return all.filter((p, i) => all.findIndex((q) => q.id === p.id) === i);
}

/** Maps `backend up` flags to options (pure, for a table test); a bad --timeout is a usage error. */
export function upOptionsFrom(f: UpFlags): UpOptions {
  const { backend, collector, replicas, cloud, tailSampling, storage, runtime, port, dir } = f;
  const { sampling, targetTps, samplingInterval } = f;
  const programs: UpOptions['programs'] = {};
  for (const p of processPrograms()) {
    const value = f[attribute(p.flag)];
    if (typeof value === 'string') programs[p.flag] = value;
  }
  return {
    flags: {
      named: BACKENDS.filter((b) => f[attribute(b.id)] === true).map((b) => b.id),
      ...{ backend, collector, replicas, cloud, tailSampling, storage, public: f.public, runtime, port, dir },
      ...{ sampling, targetTps, samplingInterval },
    },
    programs,
    dryRun: f.dryRun ?? false,
    force: f.force ?? false,
    yes: f.yes ?? false,
    start: f.start && !f.writeOnly,
    install: f.install ?? false,
    timeoutMs: parseDuration(f.timeout, '--timeout'),
  };
}

/** The help after the options: port names, each backend's default ports, examples. */
function upHelp(): string {
  const defaults = BACKENDS.map(
    (b) => `  ${b.title.padEnd(20)} ui ${b.defaultPorts.ui}, health ${b.defaultPorts.health}${b.wellKnown.healthPath}`,
  );
  return `
Port names for --port:
${PORT_NAMES.map((n) => `  ${n.padEnd(20)} ${PORT_ROLES[n]}`).join('\n')}

Default ports per backend:
${defaults.join('\n')}

Examples:
  $ tracekit backend up                                  Jaeger with Docker compose on 127.0.0.1
  $ tracekit backend up --zipkin --collector --dry-run   show the files for Zipkin behind a Collector
  $ tracekit backend up --jaeger --runtime process       Jaeger as a local process (no Docker)
  $ tracekit backend up --jaeger --sampling adaptive --target-tps 5   strategies for jaeger_remote samplers
  $ tracekit backend up --zipkin --runtime process --install   missing programs installed into tracekit's cache first
  $ tracekit backend up --write-only                     the files for another machine; nothing checked or started
  $ tracekit backend up --tempo --collector --replicas 3 --cloud aws`;
}

function upCommand(run: RunCommand): Command {
  const cmd = new Command('up').description(
    'Write the backend files (no clobbering) and start the backend, then wait until it is healthy',
  );
  for (const b of BACKENDS) cmd.option(`--${b.id}`, b.flagHelp);
  const storages = BACKENDS.filter((b) => b.storages.length > 1).map((b) => `${b.title}: ${b.storages.join(', ')}`);
  cmd
    .option('--backend <name>', `the backend by name: ${BACKENDS.map((b) => b.id).join(', ')}`)
    .option('--collector', 'put an OpenTelemetry Collector in front (tail sampling, redaction)')
    .option('--no-collector', 'no Collector, even for a backend that takes no OTLP (Zipkin: export Zipkin JSON)')
    .option('--replicas <n>', 'Collector replicas behind a load-balancing layer routing by trace id')
    .option(
      '--cloud <target>',
      'also export to a cloud: aws (X-Ray) or gcp (Cloud Trace); credentials from the environment',
    )
    .option('--tail-sampling', 'keep errors, slow traces and 10% of the rest (default with --collector)')
    .option('--no-tail-sampling', 'keep every trace (default for the Collector Zipkin gets by itself)')
    .option('--storage <kind>', storages.join('; '))
    .option(
      '--sampling <mode>',
      'Jaeger remote sampling for the SDKs: file (a strategies file you edit), adaptive (a target rate), or none',
    )
    .option('--target-tps <n>', 'adaptive: traces per second to keep per service and operation (default 1)')
    .option('--sampling-interval <duration>', 'adaptive: how often the probabilities are recalculated (default 1m)')
    .option('--public', 'publish ports on every interface instead of 127.0.0.1')
    .option('--runtime <runtime>', 'compose (Docker or Podman) or process (local binaries)')
    .option('--port <name=number>', 'move a host port (repeatable); names below', collect)
    .option('--dir <folder>', 'where the files go', 'tracing');
  for (const p of processPrograms()) cmd.option(`--${p.flag} <path>`, `process runtime: ${p.what} (or ${p.env})`);
  cmd.option(
    '--install',
    "process runtime: first install what is found nowhere into tracekit's cache (backend install)",
  );
  return cmd
    .option('--timeout <duration>', 'how long to wait for every service to be healthy, e.g. 180, 90s, 3m', '180')
    .option('--write-only', 'write the files for another machine: check and start nothing here')
    .option('--no-start', 'the same as --write-only')
    .option('--dry-run', 'show the plan and a diff; write and start nothing')
    .option('--force', 'overwrite backend files that you changed')
    .option('-y, --yes', 'change a tracekit.yaml you edited (the backend and endpoint fields) without asking')
    .addHelpText('after', upHelp())
    .action(async (flags: UpFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { runBackendUp } = await import('../backends/run-backend.js');
        const result = await runBackendUp(ctx, upOptionsFrom(flags));
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return 0;
      });
    });
}

interface InstallFlags {
  backend?: string;
  collector?: boolean;
  dryRun?: boolean;
  [flag: string]: unknown;
}

function installCommand(run: RunCommand): Command {
  const cmd = new Command('install').description(
    "Install what `backend up --runtime process` runs into tracekit's cache (no Docker needed): " +
      "Jaeger built with Go, Zipkin's jar with Maven, the Collector with the collector builder",
  );
  for (const b of BACKENDS.filter((x) => x.programs.length)) cmd.option(`--${b.id}`, b.flagHelp);
  return cmd
    .option('--backend <name>', "the backend by name (default: tracekit.yaml's, else the first)")
    .option('--collector', 'also the OpenTelemetry Collector (default for a backend that takes no OTLP: Zipkin)')
    .option('--no-collector', 'not the Collector')
    .option('--dry-run', 'show the plan; install nothing')
    .addHelpText(
      'after',
      `
Installs into $TRACEKIT_CACHE (default ~/.cache/tracekit); what is there already is reused.

Examples:
  $ tracekit backend install --jaeger               Jaeger v2 (needs Go)
  $ tracekit backend install --zipkin               Zipkin's jar (needs Java and Maven) and the Collector (needs Go)
  $ tracekit backend install --jaeger --collector --dry-run`,
    )
    .action(async (flags: InstallFlags, c: Command) => {
      await run(c, async (ctx, global) => {
        const { runBackendInstall } = await import('../backends/install/run-install.js');
        const named = BACKENDS.filter((b) => flags[attribute(b.id)] === true).map((b) => b.id);
        const result = await runBackendInstall(ctx, {
          backends: flags.backend ? [...named, flags.backend] : named,
          ...(flags.collector === undefined ? {} : { collector: flags.collector }),
          dryRun: flags.dryRun ?? false,
        });
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return 0;
      });
    });
}

interface DownStatusFlags {
  runtime?: string;
  dir: string;
  volumes?: boolean;
}

type DownStatusModule = typeof import('../backends/backend-down-status.js');

/** down and status take the same flags; each runs its own function and decides its exit code. */
function downOrStatus(
  run: RunCommand,
  name: 'down' | 'status',
  description: string,
  body: (m: DownStatusModule, ctx: Ctx, flags: DownStatusFlags) => Promise<{ exitCode: number; result: unknown }>,
): Command {
  const cmd = new Command(name).description(description);
  if (name === 'down') cmd.option('--volumes', 'also delete the named volumes (stored traces)');
  return cmd
    .option('--runtime <runtime>', 'compose or process (default: what up used)')
    .option('--dir <folder>', 'where the files are', 'tracing')
    .action(async (flags: DownStatusFlags, c: Command) => {
      await run(c, async (ctx, global) => {
        const { exitCode, result } = await body(await import('../backends/backend-down-status.js'), ctx, flags);
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return exitCode;
      });
    });
}

/** `tracekit backend up|down|status`. */
export function backendCommand(run: RunCommand): Command {
  const titles = BACKENDS.map((b) => b.title);
  const cmd = new Command('backend').description(
    `Write and run a tracing backend: ${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}, ` +
      'optionally behind a Collector',
  );
  const down = downOrStatus(run, 'down', 'Stop the backend (data is kept unless --volumes)', async (m, ctx, f) => ({
    exitCode: 0,
    result: await m.runBackendDown(ctx, f),
  }));
  const status = downOrStatus(
    run,
    'status',
    'Show each backend service, its state, health and URLs (exit 1 when not all are healthy)',
    async (m, ctx, f) => {
      const result = await m.runBackendStatus(ctx, f);
      return { exitCode: result.healthy ? 0 : 1, result };
    },
  );
  for (const sub of [upCommand(run), installCommand(run), down, status]) cmd.addCommand(sub.exitOverride());
  return cmd;
}
