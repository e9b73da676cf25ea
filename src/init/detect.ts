import type { Language } from '../config/schema.js';
import { depMatches, LANGUAGE_RULES, type LanguageRules } from './detectors.js';
import type { Probe } from './probe.js';

/** What tracekit found for one language in a project directory. */
export interface LanguageDetection {
  lang: Language;
  title: string;
  /** Framework id from the language's table, or its fallback (plain http, none, net-http). */
  framework: string;
  frameworkDetected: boolean;
  /** Every framework whose dependency is present (a repo may have several). */
  frameworks: string[];
  /** Libraries worth instrumenting, as ids from the language's table. */
  libraries: string[];
  packageManager: string;
  /** Entry point relative to the root, when one was found. */
  entryPoint?: string;
  node?: { moduleSystem: 'esm' | 'cjs'; typescript: boolean; nodeVersionHint?: string };
  go?: { module: string; goVersion?: string; mains: string[] };
}

/** The directory and every language found in it. */
export interface Project {
  root: string;
  probe: Probe;
  languages: LanguageDetection[];
}

const NODE_ENTRIES = [
  'src/index.ts',
  'src/server.ts',
  'src/main.ts',
  'src/app.ts',
  'index.ts',
  'server.ts',
  'main.ts',
  'app.ts',
  'src/index.js',
  'src/server.js',
  'src/app.js',
  'index.js',
  'server.js',
  'app.js',
  'main.js',
  'index.mjs',
  'server.mjs',
];
const PYTHON_ENTRIES = [
  'manage.py',
  'main.py',
  'app.py',
  'wsgi.py',
  'asgi.py',
  'server.py',
  'app/main.py',
  'src/main.py',
];

function detectOne(rules: LanguageRules, p: Probe): LanguageDetection {
  const declared = rules.deps(p);
  const has = (wanted: string[]) => wanted.some((w) => declared.some((d) => depMatches(rules.lang, d, w)));
  const frameworks = rules.frameworks.filter((f) => has(f.deps)).map((f) => f.id);
  const libraries = rules.libraries.filter((l) => has(l.deps)).map((l) => l.id);
  const d: LanguageDetection = {
    lang: rules.lang,
    title: rules.title,
    framework: frameworks[0] ?? rules.fallbackFramework,
    frameworkDetected: frameworks.length > 0,
    frameworks,
    libraries,
    packageManager: rules.packageManagers.find((m) => m.when(p))!.id,
  };
  if (rules.lang === 'node') {
    const pkg = p.packageJson!;
    d.entryPoint = nodeEntryPoint(p);
    // An .mjs/.cjs entry decides the module system whatever package.json's "type" says.
    const byExtension = /\.m[jt]s$/.test(d.entryPoint ?? '')
      ? 'esm'
      : /\.c[jt]s$/.test(d.entryPoint ?? '')
        ? 'cjs'
        : undefined;
    d.node = {
      moduleSystem: byExtension ?? (pkg.type === 'module' ? 'esm' : 'cjs'),
      typescript: p.entries.has('tsconfig.json') || declared.includes('typescript'),
      nodeVersionHint: pkg.engines?.node ?? p.nodeVersionFile,
    };
  } else if (rules.lang === 'python') {
    d.entryPoint = PYTHON_ENTRIES.find((f) => p.files.has(f));
  } else if (rules.lang === 'go') {
    d.go = { module: p.goMod!.module, goVersion: p.goMod!.goVersion, mains: p.goMains };
    d.entryPoint = p.goMains[0] === '.' ? 'main.go' : p.goMains[0] ? `${p.goMains[0]}/main.go` : undefined;
  }
  return d;
}

/** The file that starts a Node service: package.json main, the start script's file, or a usual name. */
function nodeEntryPoint(p: Probe): string | undefined {
  const pkg = p.packageJson!;
  const fromStart = /(?:^|\s)(?:node|tsx|ts-node|nodemon)\s+(?:--?\S+\s+)*([\w./-]+\.[cm]?[jt]s)\b/.exec(
    pkg.scripts?.start ?? '',
  )?.[1];
  const candidates = [fromStart, pkg.main, ...NODE_ENTRIES].filter((x): x is string => Boolean(x));
  return candidates.map((c) => c.replace(/^\.\//, '')).find((c) => p.files.has(c));
}

/** Finds every language in the probed directory, in the table's order. */
export function detect(p: Probe): Project {
  return { root: p.root, probe: p, languages: LANGUAGE_RULES.filter((r) => r.present(p)).map((r) => detectOne(r, p)) };
}

/** One line per language, for `init --dry-run` and the start of every init. */
export function describeDetection(d: LanguageDetection): string {
  const parts = [d.title];
  if (d.node)
    parts.push(
      `${d.node.typescript ? 'TypeScript' : 'JavaScript'}, ${d.node.moduleSystem === 'esm' ? 'ESM' : 'CommonJS'}`,
    );
  if (d.go) parts.push(`module ${d.go.module}${d.go.goVersion ? `, go ${d.go.goVersion}` : ''}`);
  const fw = d.frameworkDetected ? d.frameworks.join(', ') : `${d.framework} (no framework found)`;
  return [
    `${parts.join(' (')}${parts.length > 1 ? ')' : ''}`,
    `framework: ${fw}`,
    `package manager: ${d.packageManager}`,
    `libraries: ${d.libraries.length ? d.libraries.join(', ') : 'none found'}`,
    `entry point: ${d.entryPoint ?? 'not found'}`,
  ].join('; ');
}
