import { Command, Option } from 'commander';
import { backendIds } from '../backends/registry.js';
import { NO_BACKEND } from '../config/choices.js';
import { endpointProblem } from '../config/names.js';
import { CHECKS } from '../doctor/checks/index.js';
import { DEFAULT_TIMEOUT_MS, type DoctorOptions } from '../doctor/options.js';
import { UsageError } from '../errors.js';
import { parseDuration } from '../flag-values.js';
import { redact } from '../ui/redact.js';
import type { GlobalOptions, RunCommand } from './global.js';

interface DoctorFlags {
  backend?: DoctorOptions['backend'];
  endpoint?: string;
  protocol?: DoctorOptions['protocol'];
  queryUrl?: string;
  healthUrl?: string;
  collector?: boolean;
  collectorHealthUrl?: string;
  /** One URL, or several when --app is repeated. */
  app?: string | string[];
  service?: string;
  batchDelay?: string;
  junit?: string;
  strict?: boolean;
  timeout?: string;
  wait?: boolean;
  explain?: string;
}

/** A URL flag's value, or a usage error that echoes it with its credentials masked. */
function url(raw: string | undefined, flag: string, allowQuery = false): string | undefined {
  if (raw === undefined) return undefined;
  const problem = endpointProblem(raw);
  if (problem && !(allowQuery && problem.startsWith('has a query')))
    throw new UsageError(
      `${flag} ${JSON.stringify(redact(raw))} ${problem}.`,
      `Pass a URL such as http://localhost:8080${flag === '--app' ? '/health' : ''}.`,
    );
  return raw;
}

/** Maps parsed flags to doctor's options (pure, so a table test covers it); bad values are usage errors. */
export function doctorOptionsFrom(flags: DoctorFlags, global: GlobalOptions): DoctorOptions {
  const apps = flags.app === undefined ? [] : [flags.app].flat();
  const opt = <K extends string, V>(key: K, v: V | undefined) =>
    v === undefined ? {} : ({ [key]: v } as Record<K, V>);
  return {
    ...opt('backend', flags.backend),
    ...opt('endpoint', url(flags.endpoint, '--endpoint')),
    ...opt('protocol', flags.protocol),
    ...opt('queryUrl', url(flags.queryUrl, '--query-url')),
    ...opt('healthUrl', url(flags.healthUrl, '--health-url')),
    collector: flags.collector ?? false,
    ...opt('collectorHealthUrl', url(flags.collectorHealthUrl, '--collector-health-url')),
    ...opt('app', url(apps[0], '--app', true)),
    ...opt('apps', apps.length > 1 ? apps.map((a) => url(a, '--app', true)!) : undefined),
    ...opt('service', flags.service),
    ...opt(
      'batchDelayMs',
      flags.batchDelay === undefined ? undefined : parseDuration(flags.batchDelay, '--batch-delay'),
    ),
    json: global.json,
    ...opt('junit', flags.junit),
    strict: flags.strict ?? false,
    timeoutMs: flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(flags.timeout, '--timeout'),
    wait: flags.wait ?? false,
  };
}

export function doctorCommand(run: RunCommand): Command {
  return new Command('doctor')
    .description('Prove that traces flow end to end: configuration, backend, ingest, a synthetic trace, and your app')
    .addOption(new Option('--backend <name>', 'backend to query for the trace').choices([...backendIds(), NO_BACKEND]))
    .option(
      '--endpoint <url>',
      'where spans are sent: OTLP base URL (or .../v1/traces), gRPC host:port URL, or Zipkin URL',
    )
    .addOption(
      new Option('--protocol <protocol>', 'how spans are sent (zipkin: Zipkin JSON straight to Zipkin)').choices([
        'http',
        'grpc',
        'zipkin',
      ]),
    )
    .option('--query-url <url>', "the backend's query API (default: the endpoint's host on the backend's query port)")
    .option('--health-url <url>', "the backend's health endpoint (default: its well-known port and path)")
    .option('--collector', 'a Collector sits between the SDK and the backend (also checks its health)')
    .option('--collector-health-url <url>', "the Collector's health_check endpoint (implies --collector)")
    .option(
      '--app <url>',
      'also send a request to your service, find its spans in the trace and audit them (repeat for several services)',
      (raw: string, prev: string[] | undefined) => [...(prev ?? []), raw],
    )
    .option('--service <name>', "audit the service's recent traces from the backend (trace-quality findings)")
    .option(
      '--batch-delay <duration>',
      'the longest span batch delay among the services --app reaches (default: OTEL_BSP_SCHEDULE_DELAY, else 5s)',
    )
    .option('--junit <file>', 'write a JUnit XML report to <file>')
    .option('--strict', 'warnings fail the run too')
    .option('--timeout <duration>', 'bound on the whole run, e.g. 60, 30s, 1500ms', '60s')
    .option('--wait', 'retry until the backend is healthy, within --timeout (CI right after starting it)')
    .option('--explain <id>', 'print what a check does, why it fails and how to fix it, then exit')
    .addHelpText(
      'after',
      `
Checks (ids): ${CHECKS.map((c) => c.id).join(', ')}.
Exit code: 0 when nothing failed (with --strict: nothing warned either), 1 when a check failed, 2 for bad usage.

Examples:
  $ tracekit doctor                                  use tracekit.yaml and OTEL_* variables
  $ tracekit doctor --app http://localhost:8080/     also prove your service is traced, and audit its trace
  $ tracekit doctor --app http://localhost:3000/ --app http://localhost:8000/   several services of a workspace
  $ tracekit doctor --service checkout --strict      audit checkout's recent traces; warnings fail too
  $ tracekit doctor --endpoint http://localhost:4317 --protocol grpc --backend jaeger
  $ tracekit doctor --wait --timeout 120 --junit doctor.xml --json > doctor.json
  $ tracekit doctor --explain ingest`,
    )
    .action(async (flags: DoctorFlags, cmd: Command) => {
      await run(cmd, async (ctx, global) => {
        const { explainCheck, runDoctor } = await import('../doctor/run-doctor.js');
        if (flags.explain !== undefined) {
          const text = explainCheck(flags.explain);
          ctx.log.out(
            global.json ? JSON.stringify({ schemaVersion: 1, id: flags.explain, explain: text }, null, 2) : text,
          );
          return 0;
        }
        return (await runDoctor(ctx, doctorOptionsFrom(flags, global))).exitCode;
      });
    });
}
