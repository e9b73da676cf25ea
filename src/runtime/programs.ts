import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramSpec } from '../backends/types.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { cachedProgramPath } from './cache.js';

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

/** Where a program was looked for, in order, for the message when it is nowhere. */
export function searchedPlaces(ctx: Ctx, p: ProgramSpec): string[] {
  return [
    `--${p.flag}`,
    p.env,
    ...(p.cached ? [cachedProgramPath(ctx.env, p.cached)] : []),
    ...(p === JAVA_PROGRAM ? ['$JAVA_HOME/bin/java'] : []),
    ...(p.pathNames.length ? [`PATH (${p.pathNames.join(', ')})`] : []),
  ];
}

/**
 * Finds a program: its flag, then its environment variable, then tracekit's cache (what
 * `tracekit backend install` builds), then JAVA_HOME (for java), then PATH. Undefined when it is
 * nowhere; a flag or variable that names a missing file is a usage error at once.
 */
export async function findProgram(ctx: Ctx, p: ProgramSpec, flags: ProgramFlags): Promise<string | undefined> {
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
  const candidates = [
    ...(p.cached ? [cachedProgramPath(ctx.env, p.cached)] : []),
    ...(p === JAVA_PROGRAM && ctx.env.JAVA_HOME ? [path.join(ctx.env.JAVA_HOME, 'bin', 'java')] : []),
    ...(ctx.env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .flatMap((dir) => p.pathNames.map((name) => path.join(dir, name))),
  ];
  for (const file of candidates) if (await usable(file, mode)) return file;
  return undefined;
}

const JAVA_HINT = 'install Java 17 or later (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)';

/** How to get the missing programs: Java from the system, the rest with `tracekit backend install`. */
export function howToGet(missing: ProgramSpec[], installCommand?: string): string {
  const rest = missing.filter((p) => p !== JAVA_PROGRAM);
  const parts = [
    ...(rest.length && installCommand
      ? [
          `install ${rest.length > 1 ? 'them' : 'it'} into tracekit's cache with \`${installCommand}\` ` +
            '(or add --install to this command)',
        ]
      : []),
    ...(missing.includes(JAVA_PROGRAM) ? [JAVA_HINT] : []),
  ];
  const text = parts.join('; ') || 'install it';
  return text[0]!.toUpperCase() + text.slice(1);
}

/** Programs the process runtime needs and found nowhere (`backend up --install` installs them then). */
export class MissingProgramsError extends UsageError {
  constructor(
    readonly programs: ProgramSpec[],
    message: string,
    hint: string,
  ) {
    super(message, hint);
    this.name = 'MissingProgramsError';
  }
}

/** The error for a program found nowhere: where it was looked for, and how to get it. */
export function missingProgramError(ctx: Ctx, p: ProgramSpec, installCommand?: string): UsageError {
  return new MissingProgramsError(
    [p],
    `Cannot find ${p.what} (looked at ${searchedPlaces(ctx, p).join(', ')}).`,
    `${howToGet([p], installCommand)}, or give its path with --${p.flag} or ${p.env}; ` +
      'or use --runtime compose, or --write-only to write the files only.',
  );
}

/** The command line that starts a program: the binary, or java -jar for a jar. */
export async function resolveProgram(ctx: Ctx, program: ProgramSpec, flags: ProgramFlags): Promise<string[]> {
  const find = async (p: ProgramSpec) => {
    const file = await findProgram(ctx, p, flags);
    if (!file) throw missingProgramError(ctx, p);
    return file;
  };
  const file = await find(program);
  if (program.file === 'jar') return [await find(JAVA_PROGRAM), '-Xms64m', '-Xmx512m', '-jar', file];
  return [file];
}
