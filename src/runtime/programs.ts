import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramSpec } from '../backends/types.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

/** Paths given on the command line, by the program's flag (`jaeger-bin`, `zipkin-jar`, `java`, ...). */
export type ProgramFlags = Record<string, string | undefined>;

/** Java runs every jar program (Zipkin's server). */
export const JAVA_PROGRAM: ProgramSpec = {
  id: 'java',
  flag: 'java',
  env: 'TRACEKIT_JAVA',
  pathNames: ['java'],
  what: 'Java 17 or later (to run a server jar)',
  file: 'executable',
};

async function usable(file: string, mode: number): Promise<boolean> {
  return access(file, mode).then(
    () => true,
    () => false,
  );
}

/** Finds a program: its flag, then its environment variable, then JAVA_HOME (for java), then PATH. */
async function find(ctx: Ctx, p: ProgramSpec, flags: ProgramFlags): Promise<string> {
  const mode = p.file === 'jar' ? constants.R_OK : constants.X_OK;
  const flagName = `--${p.flag}`;
  const given = flags[p.flag] ?? ctx.env[p.env];
  if (given) {
    const abs = path.resolve(ctx.cwd, given);
    if (await usable(abs, mode)) return abs;
    throw new UsageError(
      `${p.what} was not found at ${abs} (from ${flags[p.flag] ? flagName : p.env}).`,
      `Point ${flagName} or ${p.env} at an existing ${p.file === 'jar' ? 'file' : 'executable'}.`,
    );
  }
  const extra = p === JAVA_PROGRAM && ctx.env.JAVA_HOME ? [path.join(ctx.env.JAVA_HOME, 'bin', 'java')] : [];
  for (const file of extra) if (await usable(file, mode)) return file;
  for (const dir of (ctx.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of p.pathNames) {
      const file = path.join(dir, name);
      if (await usable(file, mode)) return file;
    }
  }
  throw new UsageError(
    `Cannot find ${p.what}${p.pathNames.length ? ` on PATH (${p.pathNames.join(', ')})` : ''}.`,
    `Install it, or give its path with ${flagName} or the ${p.env} environment variable; or use --runtime compose.`,
  );
}

/** The command line that starts a program: the binary, or java -jar for a jar. */
export async function resolveProgram(ctx: Ctx, program: ProgramSpec, flags: ProgramFlags): Promise<string[]> {
  const file = await find(ctx, program, flags);
  if (program.file === 'jar') return [await find(ctx, JAVA_PROGRAM, flags), '-Xms64m', '-Xmx512m', '-jar', file];
  return [file];
}
