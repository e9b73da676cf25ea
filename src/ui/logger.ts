import { Chalk, type ChalkInstance } from 'chalk';

/** Human output goes to stderr; stdout stays clean for --json documents. */
export interface Logger {
  readonly color: ChalkInstance;
  info(msg: string): void;
  success(msg: string): void;
  warn(msg: string): void;
  error(msg: string, hint?: string): void;
  debug(msg: string): void;
  /** Plain line to stdout: the command's data output (a plan, a JSON document). */
  out(text: string): void;
}

export interface LoggerOptions {
  colorEnabled: boolean;
  verbose: boolean;
  stderr?: (s: string) => void;
  stdout?: (s: string) => void;
}

/** Colour is for terminals only, and never with NO_COLOR or --no-color. */
export function shouldUseColor(opts: { isTTY: boolean; noColorFlag: boolean; env: NodeJS.ProcessEnv }): boolean {
  if (opts.noColorFlag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.FORCE_COLOR === '0') return false;
  return opts.isTTY;
}

export function createLogger(opts: LoggerOptions): Logger {
  const color = new Chalk({ level: opts.colorEnabled ? 1 : 0 });
  const err = opts.stderr ?? ((s: string) => process.stderr.write(`${s}\n`));
  const out = opts.stdout ?? ((s: string) => process.stdout.write(`${s}\n`));
  return {
    color,
    info: (m) => err(m),
    success: (m) => err(`${color.green('✔')} ${m}`),
    warn: (m) => err(`${color.yellow('!')} ${m}`),
    error: (m, hint) => {
      err(`${color.red('✖')} ${m}`);
      if (hint) err(`  ${color.dim('hint:')} ${hint}`);
    },
    debug: (m) => {
      if (opts.verbose) err(color.dim(m));
    },
    out,
  };
}
