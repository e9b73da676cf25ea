import type { fetch as undiciFetch } from 'undici';
import { secretsFromEnv } from './ui/env-secrets.js';
import { createLogger, type Logger, shouldUseColor } from './ui/logger.js';
import { choosePrompter, type Prompter } from './ui/prompt.js';

/** Result of running an external program. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Stream the program's output to the user's terminal instead of capturing it. */
  inherit?: boolean;
  /** Text written to the program's standard input. */
  input?: string;
}

export type Exec = (file: string, args: string[], opts?: ExecOptions) => Promise<ExecResult>;
export type Fetch = typeof undiciFetch;

/** The outside world, injected so unit tests can use small fakes. */
export interface Ctx {
  cwd: string;
  isTTY: boolean;
  isCI: boolean;
  env: NodeJS.ProcessEnv;
  log: Logger;
  prompt: Prompter;
  exec: Exec;
  fetch: Fetch;
  now: () => number;
  /** The running Node.js version ("20.19.0"): what a service started here would run on. */
  nodeVersion: string;
}

/** Runs a program without a shell (arguments are never interpreted), never throwing on exit code. */
export const realExec: Exec = async (file, args, opts = {}) => {
  // Loaded on first use: most runs (--help, --version, dry runs) never start a program.
  const { execa } = await import('execa');
  const r = await execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    timeout: opts.timeoutMs,
    reject: false,
    input: opts.input,
    stdio: opts.inherit ? [opts.input === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'] : 'pipe',
  });
  if (r.failed && r.exitCode === undefined) {
    const err = r as unknown as { code?: string; shortMessage?: string };
    throw new Error(
      err.code === 'ENOENT' ? `${file}: command not found` : (err.shortMessage ?? `${file} failed to start`),
    );
  }
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
};

export interface CtxOptions {
  cwd: string;
  noColor: boolean;
  verbose: boolean;
  /** The literal secrets the logger masks; by default those of process.env (see secretsFromEnv). */
  secrets?: readonly string[];
}

/** Builds the real context from the process; its logger masks the environment's secrets in all output. */
export function createCtx(opts: CtxOptions): Ctx {
  const env = process.env;
  const isCI = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  const isTTY = Boolean(process.stderr.isTTY);
  return {
    cwd: opts.cwd,
    isTTY,
    isCI,
    env,
    log: createLogger({
      colorEnabled: shouldUseColor({ isTTY, noColorFlag: opts.noColor, env }),
      verbose: opts.verbose,
      secrets: opts.secrets ?? secretsFromEnv(env),
    }),
    prompt: choosePrompter({ stdinIsTTY: Boolean(process.stdin.isTTY), isCI }),
    exec: realExec,
    // Node's own fetch (undici built into the runtime, ready without loading the undici package,
    // which took ~0.1 s of every doctor run); the type stays undici's, whose API it is.
    fetch: globalThis.fetch as unknown as Fetch,
    now: () => Date.now(),
    nodeVersion: process.versions.node,
  };
}
