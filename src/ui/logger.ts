import { Chalk, type ChalkInstance } from 'chalk';
import { createRedactor } from './redact.js';

/** Human output goes to stderr; stdout stays clean for --json documents. Every line is redacted. */
export interface Logger {
  readonly color: ChalkInstance;
  info(msg: string): void;
  success(msg: string): void;
  warn(msg: string): void;
  error(msg: string, hint?: string): void;
  debug(msg: string): void;
  /** Plain line to stdout: the command's data output (a plan, a JSON document). */
  out(text: string): void;
  /** Masks secrets the way every line above is masked: for files written for the user (a JUnit report). */
  redact(text: string): string;
}

export interface LoggerOptions {
  colorEnabled: boolean;
  verbose: boolean;
  stderr?: (s: string) => void;
  stdout?: (s: string) => void;
  /**
   * Literal secrets to mask besides what looks like a credential (URL userinfo, Bearer tokens,
   * api-key=... pairs). createCtx passes secretsFromEnv(process.env); unit tests pass a list.
   */
  secrets?: readonly string[];
}

/** Colour is for terminals only, and never with NO_COLOR or --no-color. */
export function shouldUseColor(opts: { isTTY: boolean; noColorFlag: boolean; env: NodeJS.ProcessEnv }): boolean {
  if (opts.noColorFlag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.FORCE_COLOR === '0') return false;
  return opts.isTTY;
}

/** The logger; redaction sits at its two writers, so no message, hint, stack or document can bypass it. */
export function createLogger(opts: LoggerOptions): Logger {
  const color = new Chalk({ level: opts.colorEnabled ? 1 : 0 });
  const redact = createRedactor(opts.secrets ?? []);
  const writeErr = opts.stderr ?? ((s: string) => process.stderr.write(`${s}\n`));
  const writeOut = opts.stdout ?? ((s: string) => process.stdout.write(`${s}\n`));
  const err = (s: string) => writeErr(redact(s));
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
    out: (s) => writeOut(redact(s)),
    redact,
  };
}
