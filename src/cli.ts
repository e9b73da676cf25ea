import { Command, CommanderError } from 'commander';
import { backendCommand } from './commands/backend.js';
import { doctorCommand } from './commands/doctor.js';
import type { GlobalOptions, RunCommand } from './commands/global.js';
import { initCommand } from './commands/init.js';
import { createCtx } from './context.js';
import { ExitCode, TracekitError } from './errors.js';
import { createLogger, shouldUseColor } from './ui/logger.js';

const VERSION = '0.1.0';

/** The one place that decides the exit code and prints errors. */
function reportError(err: unknown, verbose: boolean, noColor: boolean): number {
  const log = createLogger({
    colorEnabled: shouldUseColor({ isTTY: Boolean(process.stderr.isTTY), noColorFlag: noColor, env: process.env }),
    verbose,
  });
  if (err instanceof TracekitError) {
    log.error(err.message, err.hint);
    if (verbose && err.cause) log.debug(String((err.cause as Error).stack ?? err.cause));
    return err.exitCode;
  }
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : ExitCode.usage;
  log.error(
    `Unexpected error: ${(err as Error)?.message ?? String(err)}`,
    verbose ? undefined : 'Re-run with --verbose for the stack trace, and please report this as a bug.',
  );
  if (verbose) log.info(String((err as Error)?.stack ?? err));
  return ExitCode.failed;
}

function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as { cwd?: string; json?: boolean; verbose?: boolean; color?: boolean };
  return { cwd: o.cwd ?? process.cwd(), json: o.json ?? false, verbose: o.verbose ?? false, color: o.color !== false };
}

const run: RunCommand = async (cmd, body) => {
  const global = globalsOf(cmd);
  const ctx = createCtx({ cwd: global.cwd, noColor: !global.color, verbose: global.verbose });
  process.exitCode = await body(ctx, global);
};

function buildProgram(): Command {
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
  for (const make of [initCommand, backendCommand, doctorCommand]) program.addCommand(make(run).exitOverride());
  return program;
}

async function main(argv: string[]): Promise<void> {
  const verbose = argv.includes('--verbose');
  const noColor = argv.includes('--no-color');
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err, verbose, noColor);
  }
}

await main(process.argv);
