import { Command, CommanderError } from 'commander';
import { backendCommand } from './commands/backend.js';
import { doctorCommand } from './commands/doctor.js';
import type { GlobalOptions, RunCommand } from './commands/global.js';
import { initCommand } from './commands/init.js';
import { removeCommand } from './commands/remove.js';
import { upgradeCommand } from './commands/upgrade.js';
import { createCtx } from './context.js';
import { ExitCode, TracekitError } from './errors.js';
import { secretsFromEnv } from './ui/env-secrets.js';
import { createLogger, shouldUseColor } from './ui/logger.js';
import { createRedactor } from './ui/redact.js';

const VERSION = '0.1.0';

/** The global flags that shape error output, known from argv before parsing and from commander after. */
interface ErrorFlags {
  json: boolean;
  verbose: boolean;
  noColor: boolean;
  /** The command already printed its document: a second one would break `tracekit ... --json | jq`. */
  stdoutUsed: boolean;
}

/** What a thrown value tells the user. */
interface Failure {
  message: string;
  hint: string | undefined;
  exitCode: number;
  /** Shown under --verbose only. */
  stack: string | undefined;
}

/** The failure to report, or nothing when commander already said it all (help, version). */
function failureOf(err: unknown, verbose: boolean): Failure | undefined {
  if (err instanceof TracekitError) {
    const cause = err.cause as Error | undefined;
    return {
      message: err.message,
      hint: err.hint,
      exitCode: err.exitCode,
      stack: cause && (cause.stack ?? String(cause)),
    };
  }
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return undefined;
    // Commander printed its message and the usage hint itself; "(outputHelp)" means it printed the help.
    const message = err.message === '(outputHelp)' ? 'A subcommand is needed.' : err.message.replace(/^error: /, '');
    return { message, hint: 'Run with --help for usage.', exitCode: ExitCode.usage, stack: undefined };
  }
  return {
    message: `Unexpected error: ${(err as Error)?.message ?? String(err)}`,
    hint: verbose ? undefined : 'Re-run with --verbose for the stack trace, and please report this as a bug.',
    exitCode: ExitCode.failed,
    stack: String((err as Error)?.stack ?? err),
  };
}

/**
 * The one place that decides the exit code and prints errors: briefly on stderr, and with --json
 * also as a document on stdout, so a script reading stdout always gets JSON. The logger masks secrets.
 */
function reportError(err: unknown, flags: ErrorFlags, secrets: readonly string[]): number {
  const log = createLogger({
    colorEnabled: shouldUseColor({
      isTTY: Boolean(process.stderr.isTTY),
      noColorFlag: flags.noColor,
      env: process.env,
    }),
    verbose: flags.verbose,
    secrets,
  });
  const failure = failureOf(err, flags.verbose);
  if (!failure) return ExitCode.ok;
  if (!(err instanceof CommanderError)) log.error(failure.message, failure.hint);
  if (flags.verbose && failure.stack) log.info(failure.stack);
  if (flags.json && !flags.stdoutUsed) {
    const { message, hint, exitCode } = failure;
    log.out(JSON.stringify({ schemaVersion: 1, ok: false, error: { message, hint: hint ?? null, exitCode } }, null, 2));
  }
  return failure.exitCode;
}

function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as { cwd?: string; json?: boolean; verbose?: boolean; color?: boolean };
  return { cwd: o.cwd ?? process.cwd(), json: o.json ?? false, verbose: o.verbose ?? false, color: o.color !== false };
}

/** Whether a flag is on the command line before `--` (commander has not parsed it yet when it fails). */
const hasFlag = (argv: string[], flag: string) => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes(flag);
};

/** Commander writes its own usage errors; they echo the bad argument, so they are redacted too. */
function redactCommanderOutput(cmd: Command, redact: (s: string) => string): void {
  cmd.configureOutput({ writeErr: (s) => process.stderr.write(redact(s)) });
  for (const sub of cmd.commands) redactCommanderOutput(sub, redact);
}

function buildProgram(run: RunCommand): Command {
  const program = new Command('tracekit')
    .description(
      'Set up OpenTelemetry tracing for Python, Node.js and Go services, run a backend, and prove traces arrive.',
    )
    .version(VERSION)
    .option('--cwd <dir>', 'run as if started in <dir>')
    .option('--json', 'print a JSON document on stdout (human output stays on stderr)')
    .option('--verbose', 'print debugging detail and stack traces')
    .option('--no-color', 'never colour the output (also NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const make of [initCommand, backendCommand, doctorCommand, removeCommand, upgradeCommand])
    program.addCommand(make(run).exitOverride());
  return program;
}

async function main(argv: string[]): Promise<void> {
  // The environment's secrets, found once and masked in every line this process prints.
  const secrets = secretsFromEnv(process.env);
  const flags: ErrorFlags = {
    json: hasFlag(argv, '--json'),
    verbose: hasFlag(argv, '--verbose'),
    noColor: hasFlag(argv, '--no-color'),
    stdoutUsed: false,
  };
  const run: RunCommand = async (cmd, body) => {
    const global = globalsOf(cmd);
    // Parsed flags win over the argv guess for errors thrown by the command itself.
    Object.assign(flags, { json: global.json, verbose: global.verbose, noColor: !global.color });
    const ctx = createCtx({ cwd: global.cwd, noColor: !global.color, verbose: global.verbose, secrets });
    const out = ctx.log.out;
    const log = {
      ...ctx.log,
      out: (text: string) => {
        flags.stdoutUsed = true;
        out(text);
      },
    };
    process.exitCode = await body({ ...ctx, log }, global);
  };
  try {
    const program = buildProgram(run);
    redactCommanderOutput(program, createRedactor(secrets));
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err, flags, secrets);
  }
}

await main(process.argv);
