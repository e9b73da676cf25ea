import path from 'node:path';
import type { LanguageDetection, Project } from '../../init/detect.js';

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
  /** The file the service starts from, when known (the start script's, else detection's). */
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

/** Works out the layout from detection: module system, file names next to the entry point, and the preload flag. */
export function nodeLayout(project: Project, d: LanguageDetection): NodeLayout {
  const pkg = project.probe.packageJson ?? {};
  const start = pkg.scripts?.start;
  const runner = runnerOf(start);
  const startEntry = start && runner !== 'other' ? ENTRY.exec(start.replace(PRELOAD_FLAG, ''))?.[1]?.replace(/^\.\//, '') : undefined;
  const typescript = d.node?.typescript ?? false;
  // Compiled TypeScript starts from the output folder: the setup is written next to the sources
  // and loaded from the output folder.
  const compiled = typescript && runner === 'node' && startEntry !== undefined && /\.[cm]?js$/.test(startEntry);
  const entry = !compiled && startEntry && project.probe.files.has(startEntry) ? startEntry : d.entryPoint;
  const byExtension = entry && /\.[cm]ts$|\.[cm]js$/.test(entry) ? (/\.m[jt]s$/.test(entry) ? 'esm' : 'cjs') : undefined;
  const moduleSystem = byExtension ?? d.node?.moduleSystem ?? 'cjs';
  const ext = extension(typescript, moduleSystem, pkg.type);
  const dir = entry ? path.posix.dirname(entry) : '.';
  const files = {
    tracing: rel(dir, `tracing${ext}`),
    telemetry: rel(dir, `telemetry${ext}`),
    ...(moduleSystem === 'esm' ? { register: rel(dir, `tracing-register${ext}`) } : {}),
  };
  const loaded = moduleSystem === 'esm' ? files.register! : files.tracing;
  const loadedPath = compiled ? rel(path.posix.dirname(startEntry), path.posix.basename(loaded).replace(/\.ts$/, '.js')) : loaded;
  return {
    typescript,
    moduleSystem,
    syntax: typescript ? 'esm' : moduleSystem,
    files,
    tracingImport: `./tracing${typescript ? '.js' : ext}`,
    preload: { flag: moduleSystem === 'esm' ? '--import' : '--require', path: `./${loadedPath}` },
    runner,
    entry: compiled ? startEntry : entry,
  };
}
