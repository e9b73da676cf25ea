import { Command, CommanderError, Help } from 'commander';
import type { GlobalOptions, RunCommand } from './commands/global.js';
import { COMMANDS, invokedCommand } from './commands/list.js';
import { ExitCode, TracekitError } from './errors.js';
import { secretsFromEnv } from './ui/env-secrets.js';
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
async function reportError(err: unknown, flags: ErrorFlags, secrets: readonly string[]): Promise<number> {
  const failure = failureOf(err, flags.verbose);
  if (!failure) return ExitCode.ok;
  // The logger (and chalk) load only when there is something to say: --help and --version never need them.
  const { createLogger, shouldUseColor } = await import('./ui/logger.js');
  const log = createLogger({
    colorEnabled: shouldUseColor({
      isTTY: Boolean(process.stderr.isTTY),
      noColorFlag: flags.noColor,
      env: process.env,
    }),
    verbose: flags.verbose,
    secrets,
  });
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

/** The help's term for a command: from the table, so a command that is not loaded is listed like a loaded one. */
function subcommandTerm(this: Help, cmd: Command): string {
  return COMMANDS.find((c) => c.name === cmd.name())?.term ?? Help.prototype.subcommandTerm.call(this, cmd);
}

/**
 * The program with every command: built in full for the one argv runs (its module loads now),
 * a name and summary for the others, which is all the top-level help shows of them.
 */
async function buildProgram(run: RunCommand, argv: string[]): Promise<Command> {
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
    .configureHelp({ subcommandTerm })
    .exitOverride();
  // The word after a global option that takes a value (--cwd <dir>) is that value, not a command.
  const valueFlags = new Set(
    program.options.filter((o) => o.required).flatMap((o) => [o.long, o.short].filter((f) => f !== undefined)),
  );
  const invoked = invokedCommand(argv.slice(2), valueFlags);
  for (const c of COMMANDS) {
    const cmd = c.name === invoked ? (await c.load())(run) : new Command(c.name).description(c.summary);
    program.addCommand(cmd.exitOverride());
  }
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
    const { createCtx } = await import('./context.js');
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
    const program = await buildProgram(run, argv);
    redactCommanderOutput(program, createRedactor(secrets));
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = await reportError(err, flags, secrets);
  }
}

await main(process.argv);
