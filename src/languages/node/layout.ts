import path from 'node:path';
import type { PackageJson } from './manifests.js';
import type { NodeDetection } from './rules.js';
import { compiledPath, type TsOutput } from './ts-output.js';

/** How the start script runs the service: node, tsx, something we do not edit, or no script. */
export type Runner = 'node' | 'tsx' | 'other' | 'none';

/**
 * Where the generated files go and how the service loads them. The module system decides the
 * loading: ESM needs the loader hook registered before the app's imports (`--import` of the
 * register file), else instrumentation of ESM is silently skipped; CommonJS uses `--require`.
 */
export interface NodeLayout {
  typescript: boolean;
  moduleSystem: 'esm' | 'cjs';
  /** Syntax of the generated files: TypeScript is always written with import/export. */
  syntax: 'esm' | 'cjs';
  files: { tracing: string; register?: string; telemetry: string };
  /** Specifier the register file uses to import the setup module ("./tracing.js"). */
  tracingImport: string;
  /** Node flag and path (from the project root) that load tracing before the app. */
  preload: { flag: '--import' | '--require'; path: string };
  runner: Runner;
  /** True when the service runs compiled TypeScript (preload and entry are in the output folder). */
  compiled: boolean;
  /**
   * The file the service starts from, when known: the start script's, else detection's; the
   * compiled output for compiled TypeScript.
   */
  entry?: string;
}

const SCRIPT = /^\s*(node|tsx)\s+/;
const ENTRY = /(?:^|\s)(\.?\/?[\w./-]+\.[cm]?[jt]s)(?=\s|$)/;
// Arguments of preload flags are not the entry (the start script may already load tracing).
const PRELOAD_FLAG = /\s--(?:import|require|loader|experimental-loader)(?:=|\s+)\S+/g;

function runnerOf(start: string | undefined): Runner {
  if (start === undefined) return 'none';
  const m = SCRIPT.exec(start);
  return m ? (m[1] as 'node' | 'tsx') : 'other';
}

function extension(typescript: boolean, moduleSystem: 'esm' | 'cjs', packageType: string | undefined): string {
  if (typescript) return '.ts';
  const packageIsEsm = packageType === 'module';
  if (moduleSystem === 'esm') return packageIsEsm ? '.js' : '.mjs';
  return packageIsEsm ? '.cjs' : '.js';
}

const rel = (dir: string, name: string) => (dir === '.' || dir === '' ? name : `${dir}/${name}`);

/** Whether the service runs compiled TypeScript, and where that puts the entry and the preloaded file. */
interface Compiled {
  entry?: string;
  loaded: string;
}

/**
 * Compiled TypeScript: the start script runs .js, or tsconfig.json names an outDir and nothing
 * runs the sources directly (tsx, ts-node, a .ts file). The setup is written next to the
 * sources and compiled with them, so the service loads it from the output folder.
 */
function compiledLayout(o: {
  start?: string;
  runner: Runner;
  startEntry?: string;
  source?: string;
  loaded: string;
  ts?: TsOutput;
}): Compiled | undefined {
  const startRunsJs = o.runner === 'node' && o.startEntry !== undefined && /\.[cm]?js$/.test(o.startEntry);
  const runsSources = o.runner === 'tsx' || /\b(?:tsx|ts-node)\b|\.[cm]?ts(?:\s|$)/.test(o.start ?? '');
  if (!startRunsJs && (o.ts === undefined || runsSources)) return undefined;
  const entry = startRunsJs ? o.startEntry : undefined;
  // Without rootDir (or an include that implies it), TypeScript 5 takes the common folder of the
  // sources: the entry's folder in the usual layout (src/ → dist/). A compiled start entry shows it best.
  const rootDir = o.ts?.rootDir ?? (entry ? undefined : path.posix.dirname(o.source ?? '.'));
  if (o.ts && rootDir !== undefined) {
    const loaded = compiledPath({ ...o.ts, rootDir }, o.loaded);
    if (loaded)
      return { entry: entry ?? (o.source ? compiledPath({ ...o.ts, rootDir }, o.source) : undefined), loaded };
  }
  if (!entry) return undefined;
  return { entry, loaded: rel(path.posix.dirname(entry), path.posix.basename(o.loaded).replace(/\.ts$/, '.js')) };
}

/**
 * Works out the layout from package.json, the files at the root (and in src/, app/) and
 * detection: module system, file names next to the entry point, and the preload flag. `ts` is
 * the output folder from tsconfig.json, when it names one.
 */
export function nodeLayout(pkg: PackageJson, files: ReadonlySet<string>, d: NodeDetection, ts?: TsOutput): NodeLayout {
  const start = pkg.scripts?.start;
  const runner = runnerOf(start);
  const startEntry =
    start && runner !== 'other' ? ENTRY.exec(start.replace(PRELOAD_FLAG, ''))?.[1]?.replace(/^\.\//, '') : undefined;
  const typescript = d.node.typescript;
  // The start script's file is the source entry, unless it is the compiled output of TypeScript.
  const ranSource = startEntry && files.has(startEntry) && !(typescript && /\.[cm]?js$/.test(startEntry));
  const source = ranSource ? startEntry : d.entryPoint;
  const byExtension =
    source && /\.[cm]ts$|\.[cm]js$/.test(source) ? (/\.m[jt]s$/.test(source) ? 'esm' : 'cjs') : undefined;
  const moduleSystem = byExtension ?? d.node.moduleSystem;
  const ext = extension(typescript, moduleSystem, pkg.type);
  const dir = source ? path.posix.dirname(source) : '.';
  const written = {
    tracing: rel(dir, `tracing${ext}`),
    telemetry: rel(dir, `telemetry${ext}`),
    ...(moduleSystem === 'esm' ? { register: rel(dir, `tracing-register${ext}`) } : {}),
  };
  const loaded = moduleSystem === 'esm' ? written.register! : written.tracing;
  const compiled = typescript ? compiledLayout({ start, runner, startEntry, source, loaded, ts }) : undefined;
  return {
    typescript,
    moduleSystem,
    syntax: typescript ? 'esm' : moduleSystem,
    files: written,
    tracingImport: `./tracing${typescript ? '.js' : ext}`,
    preload: { flag: moduleSystem === 'esm' ? '--import' : '--require', path: `./${compiled?.loaded ?? loaded}` },
    runner,
    compiled: compiled !== undefined,
    entry: compiled ? compiled.entry : source,
  };
}
