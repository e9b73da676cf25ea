import { Command } from 'commander';
import type { BackendFlags } from '../backends/options.js';
import { PORT_NAMES, PORT_ROLES } from '../backends/ports.js';
import type { UpOptions } from '../backends/run-backend.js';
import type { ProgramFlags } from '../runtime/programs.js';
import { parseDuration } from './doctor.js';
import type { RunCommand } from './global.js';

interface UpFlags extends BackendFlags, ProgramFlags {
  dryRun?: boolean;
  force?: boolean;
  yes?: boolean;
  start: boolean;
  timeout: string;
}

const collect = (v: string, acc: string[] = []) => [...acc, v];

/** Maps `backend up` flags to options (pure, for a table test); a bad --timeout is a usage error. */
export function upOptionsFrom(f: UpFlags): UpOptions {
  const { dryRun, force, yes, start, timeout, jaegerBin, zipkinJar, collectorBin, java, ...flags } = f;
  return {
    flags,
    programs: { jaegerBin, zipkinJar, collectorBin, java },
    dryRun: dryRun ?? false,
    force: force ?? false,
    yes: yes ?? false,
    start,
    timeoutMs: parseDuration(timeout, '--timeout'),
  };
}

function upCommand(run: RunCommand): Command {
  return new Command('up')
    .description('Write the backend files (no clobbering) and start the backend, then wait until it is healthy')
    .option('--jaeger', 'Jaeger v2 (default)')
    .option('--zipkin', 'Zipkin')
    .option('--tempo', 'Grafana Tempo with Grafana (compose runtime)')
    .option('--backend <name>', 'the backend by name: jaeger, zipkin or tempo')
    .option('--collector', 'put an OpenTelemetry Collector in front (tail sampling, redaction)')
    .option('--replicas <n>', 'Collector replicas behind a load-balancing layer routing by trace id')
    .option(
      '--cloud <target>',
      'also export to a cloud: aws (X-Ray) or gcp (Cloud Trace); credentials from the environment',
    )
    .option('--no-tail-sampling', 'keep every trace (no tail_sampling processor)')
    .option(
      '--storage <kind>',
      'Jaeger: memory, badger, elasticsearch, opensearch; Zipkin: mem, mysql, elasticsearch, cassandra',
    )
    .option('--public', 'publish ports on every interface instead of 127.0.0.1')
    .option('--runtime <runtime>', 'compose (Docker or Podman) or process (local binaries)')
    .option('--port <name=number>', 'move a host port (repeatable); names below', collect)
    .option('--dir <folder>', 'where the files go', 'tracing')
    .option('--jaeger-bin <path>', 'process runtime: Jaeger binary (or TRACEKIT_JAEGER_BIN)')
    .option('--zipkin-jar <path>', 'process runtime: Zipkin server jar (or TRACEKIT_ZIPKIN_JAR)')
    .option('--collector-bin <path>', 'process runtime: Collector binary (or TRACEKIT_OTELCOL_BIN)')
    .option('--java <path>', 'process runtime: java for Zipkin (or TRACEKIT_JAVA, JAVA_HOME)')
    .option('--timeout <duration>', 'how long to wait for every service to be healthy, e.g. 180, 90s, 3m', '180')
    .option('--no-start', 'write the files only')
    .option('--dry-run', 'show the plan and a diff; write and start nothing')
    .option('--force', 'overwrite backend files that you changed')
    .option('-y, --yes', 'change a tracekit.yaml you edited (the backend and endpoint fields) without asking')
    .addHelpText(
      'after',
      `
Port names for --port:
${PORT_NAMES.map((n) => `  ${n.padEnd(20)} ${PORT_ROLES[n]}`).join('\n')}

Examples:
  $ tracekit backend up                                  Jaeger with Docker compose on 127.0.0.1
  $ tracekit backend up --zipkin --collector --dry-run   show the files for Zipkin behind a Collector
  $ tracekit backend up --jaeger --runtime process       Jaeger as a local process (no Docker)
  $ tracekit backend up --tempo --collector --replicas 3 --cloud aws`,
    )
    .action(async (flags: UpFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { runBackendUp } = await import('../backends/run-backend.js');
        const result = await runBackendUp(ctx, upOptionsFrom(flags));
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

function downCommand(run: RunCommand): Command {
  return new Command('down')
    .description('Stop the backend (data is kept unless --volumes)')
    .option('--volumes', 'also delete the named volumes (stored traces)')
    .option('--runtime <runtime>', 'compose or process (default: what up used)')
    .option('--dir <folder>', 'where the files are', 'tracing')
    .action(async (flags: DownStatusFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { runBackendDown } = await import('../backends/run-backend.js');
        const result = await runBackendDown(ctx, flags);
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return 0;
      });
    });
}

function statusCommand(run: RunCommand): Command {
  return new Command('status')
    .description('Show each backend service, its state, health and URLs (exit 1 when not all are healthy)')
    .option('--runtime <runtime>', 'compose or process (default: what up used)')
    .option('--dir <folder>', 'where the files are', 'tracing')
    .action(async (flags: DownStatusFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { runBackendStatus } = await import('../backends/run-backend.js');
        const result = await runBackendStatus(ctx, flags);
        if (global.json) ctx.log.out(JSON.stringify(result, null, 2));
        return result.healthy ? 0 : 1;
      });
    });
}

/** `tracekit backend up|down|status`. */
export function backendCommand(run: RunCommand): Command {
  const cmd = new Command('backend').description(
    'Write and run a tracing backend: Jaeger, Zipkin or Tempo, optionally behind a Collector',
  );
  for (const make of [upCommand, downCommand, statusCommand]) cmd.addCommand(make(run).exitOverride());
  return cmd;
}
