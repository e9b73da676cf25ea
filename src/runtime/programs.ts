import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramName } from '../backends/spec.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';

/** Paths given on the command line (--jaeger-bin, --zipkin-jar, --collector-bin, --java). */
export interface ProgramFlags {
  jaegerBin?: string;
  zipkinJar?: string;
  collectorBin?: string;
  java?: string;
}

/** Where each program is looked for, in order: flag, environment variable, names on PATH. */
const LOOKUP = {
  jaeger: {
    flag: 'jaegerBin',
    flagName: '--jaeger-bin',
    env: 'TRACEKIT_JAEGER_BIN',
    path: ['jaeger'],
    what: 'the Jaeger v2 binary',
  },
  collector: {
    flag: 'collectorBin',
    flagName: '--collector-bin',
    env: 'TRACEKIT_OTELCOL_BIN',
    path: ['otelcol-contrib', 'otelcol'],
    what: 'an OpenTelemetry Collector binary (otelcol-contrib)',
  },
  zipkinJar: {
    flag: 'zipkinJar',
    flagName: '--zipkin-jar',
    env: 'TRACEKIT_ZIPKIN_JAR',
    path: [],
    what: "Zipkin's server jar (zipkin-server-*-exec.jar)",
  },
  java: {
    flag: 'java',
    flagName: '--java',
    env: 'TRACEKIT_JAVA',
    path: ['java'],
    what: 'Java 17 or later (to run Zipkin)',
  },
} as const;

async function usable(file: string, mode: number): Promise<boolean> {
  return access(file, mode).then(
    () => true,
    () => false,
  );
}

async function find(ctx: Ctx, key: keyof typeof LOOKUP, flags: ProgramFlags): Promise<string> {
  const l = LOOKUP[key];
  const mode = key === 'zipkinJar' ? constants.R_OK : constants.X_OK;
  const given = flags[l.flag] ?? ctx.env[l.env];
  if (given) {
    const abs = path.resolve(ctx.cwd, given);
    if (await usable(abs, mode)) return abs;
    throw new UsageError(
      `${l.what} was not found at ${abs} (from ${flags[l.flag] ? l.flagName : l.env}).`,
      `Point ${l.flagName} or ${l.env} at an existing ${key === 'zipkinJar' ? 'file' : 'executable'}.`,
    );
  }
  const extra = key === 'java' && ctx.env.JAVA_HOME ? [path.join(ctx.env.JAVA_HOME, 'bin', 'java')] : [];
  for (const file of extra) if (await usable(file, mode)) return file;
  for (const dir of (ctx.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of l.path) {
      const file = path.join(dir, name);
      if (await usable(file, mode)) return file;
    }
  }
  throw new UsageError(
    `Cannot find ${l.what}${l.path.length ? ` on PATH (${l.path.join(', ')})` : ''}.`,
    `Install it, or give its path with ${l.flagName} or the ${l.env} environment variable; or use --runtime compose.`,
  );
}

/** The command line that starts a program: the binary, or java -jar for Zipkin. */
export async function resolveProgram(ctx: Ctx, program: ProgramName, flags: ProgramFlags): Promise<string[]> {
  if (program === 'zipkin') {
    const jar = await find(ctx, 'zipkinJar', flags);
    return [await find(ctx, 'java', flags), '-Xms64m', '-Xmx512m', '-jar', jar];
  }
  return [await find(ctx, program, flags)];
}
