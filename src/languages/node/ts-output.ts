import path from 'node:path';
import { messageOf } from '../../errors.js';
import type { Probe } from '../../project/probe.js';

/**
 * Where `tsc` writes a project's compiled JavaScript, read from tsconfig.json, so that a service
 * run from its build output loads the compiled setup (dist/tracing.js), not the source. tracekit
 * does not ship the TypeScript compiler (it is only a dev dependency here), so tsconfig.json is
 * read by a small JSON-with-comments reader. Settings inherited through `extends` are not
 * followed: base configs rarely set outDir, which is relative to the file that declares it.
 */
export interface TsOutput {
  /** Output folder relative to the project root, without "./" ("dist", "build/app"). */
  outDir: string;
  /** Source root relative to the project root ("src", "."), when tsconfig says or its include implies it. */
  rootDir?: string;
}

/**
 * JSON text with // and /* *\/ comments and trailing commas removed (what tsconfig.json allows),
 * leaving string contents alone ("src/**\/*.ts" stays as written).
 */
export function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
      out += ' ';
    } else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) {
      // A trailing comma: dropped.
    } else {
      out += c;
    }
  }
  return out;
}

/** A path from tsconfig as a clean root-relative folder, or undefined when it leaves the project. */
function inProject(p: string): string | undefined {
  const rel = path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (path.posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../')) return undefined;
  return rel === '' ? '.' : rel;
}

/** The folder every include pattern starts in ("src/**\/*" and "src" → src; "src", "test" → "."). */
function includeRoot(include: unknown): string | undefined {
  if (!Array.isArray(include) || include.length === 0 || !include.every((p) => typeof p === 'string')) return undefined;
  const dirs = include.map((p: string) => {
    const parts = p.replace(/^\.\//, '').split('/');
    const wildcard = parts.findIndex((s) => /[*?]/.test(s));
    const literal = wildcard === -1 ? parts : parts.slice(0, wildcard);
    // "src/index.ts" names a file: its folder is the root.
    if (literal.length === parts.length && /\.[cm]?tsx?$/.test(parts.at(-1)!)) literal.pop();
    return literal.join('/') || '.';
  });
  return dirs.every((d) => d === dirs[0]) ? inProject(dirs[0]!) : '.';
}

/** What reading tsconfig.json gave: the output folders, and why not when it could not be read. */
export interface TsConfigRead {
  output?: TsOutput;
  problem?: string;
}

/** The output folders of a tsconfig.json text; none when it does not emit or has no outDir inside the project. */
export function tsOutputOf(text: string): TsOutput | undefined {
  const config = JSON.parse(stripJsonComments(text)) as {
    compilerOptions?: Record<string, unknown>;
    include?: unknown;
  } | null;
  const options = config?.compilerOptions ?? {};
  if (options.noEmit === true || typeof options.outDir !== 'string') return undefined;
  const outDir = inProject(options.outDir);
  if (outDir === undefined || outDir === '.') return undefined;
  const rootDir = typeof options.rootDir === 'string' ? inProject(options.rootDir) : includeRoot(config?.include);
  return { outDir, ...(rootDir !== undefined ? { rootDir } : {}) };
}

/** Reads the project's tsconfig.json; a file that cannot be read or parsed is a problem to report, not an error. */
export async function readTsConfig(p: Probe): Promise<TsConfigRead> {
  let text: string | undefined;
  try {
    text = await p.read('tsconfig.json');
  } catch (err) {
    return { problem: messageOf(err) };
  }
  if (text === undefined) return {};
  try {
    return { output: tsOutputOf(text) };
  } catch (err) {
    return { problem: `tsconfig.json is not valid JSON with comments: ${(err as Error).message}` };
  }
}

/** Where tsc writes a source file: under outDir, at its path below rootDir, with .ts → .js. */
export function compiledPath(out: TsOutput & { rootDir: string }, source: string): string | undefined {
  const rel = path.posix.relative(out.rootDir, source);
  if (rel.startsWith('..')) return undefined;
  return path.posix
    .join(out.outDir, rel)
    .replace(/\.ts$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs');
}
