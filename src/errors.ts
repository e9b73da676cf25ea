/** Exit codes, documented in README.md. */
export const ExitCode = {
  ok: 0,
  /** A check or an operation failed. */
  failed: 1,
  /** Bad usage, bad input, or an environment that cannot work. */
  usage: 2,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type of tracekit: a message for the user, a hint that says what to do,
 * and the exit code. cli.ts prints it without a stack trace and exits with the code.
 */
export class TracekitError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, opts: { hint?: string; exitCode?: ExitCodeValue; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TracekitError';
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.failed;
  }
}

/** Bad flags, bad input files, or values that cannot be used: exit code 2. */
export class UsageError extends TracekitError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { hint, exitCode: ExitCode.usage, cause });
    this.name = 'UsageError';
  }
}

/** A prompt was needed but there is no terminal (or CI is set). */
export class PromptRefusedError extends UsageError {
  constructor(question: string, flag: string) {
    super(`Cannot ask "${question}" without a terminal.`, `Pass ${flag} (or run in an interactive terminal).`);
    this.name = 'PromptRefusedError';
  }
}

/** Message of any thrown value, for wrapping causes into user-facing errors. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
