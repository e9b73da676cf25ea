import { parse as parseToml } from 'smol-toml';
import { UsageError } from '../errors.js';

/** Parsers for the manifests detection reads. Each throws a UsageError naming the file. */

export interface PackageJson {
  name?: string;
  version?: string;
  type?: string;
  main?: string;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  packageManager?: string;
}

export function parsePackageJson(text: string, file = 'package.json'): PackageJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `${file} is not valid JSON: ${(err as Error).message}`,
      `Fix ${file} (try \`npm pkg get name\` to see what npm makes of it).`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file} does not hold a JSON object.`, `Fix ${file}.`);
  }
  return data as PackageJson;
}

export function parseTomlFile(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    throw new UsageError(`${file} is not valid TOML: ${first}`, `Fix the syntax of ${file}.`);
  }
}

/** PEP 503 normalised distribution name: lowercase, runs of -_. become "-". */
export function normalizePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Name of a PEP 508 requirement string ("flask[async]>=3; python_version>'3.8'" → "flask"). */
export function requirementName(req: string): string | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
  return m ? normalizePyName(m[1]!) : undefined;
}

/** Distribution names in a requirements file; options (-r, -e, --hash) and comments skipped. */
export function parseRequirements(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const name = requirementName(line);
    if (name) names.push(name);
  }
  return names;
}

/** Dependencies declared in pyproject.toml: PEP 621, optional groups, and Poetry's tables. */
export function pyprojectDependencies(doc: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const project = (doc.project ?? {}) as { dependencies?: unknown; 'optional-dependencies'?: Record<string, unknown> };
  const addReqs = (list: unknown) => {
    if (Array.isArray(list))
      for (const r of list)
        if (typeof r === 'string') {
          const n = requirementName(r);
          if (n) names.add(n);
        }
  };
  addReqs(project.dependencies);
  for (const group of Object.values(project['optional-dependencies'] ?? {})) addReqs(group);
  addReqs((doc['dependency-groups'] as Record<string, unknown> | undefined)?.dev);
  const poetry = ((doc.tool as Record<string, unknown> | undefined)?.poetry ?? {}) as Record<string, unknown>;
  for (const table of [poetry.dependencies, (poetry as { 'dev-dependencies'?: unknown })['dev-dependencies']]) {
    if (table && typeof table === 'object')
      for (const k of Object.keys(table)) if (k !== 'python') names.add(normalizePyName(k));
  }
  return [...names];
}

const GO_MODULE_PATH = /^[A-Za-z0-9._~+-]+(?:\/[A-Za-z0-9._~+-]+)*$/;

export interface GoMod {
  module: string;
  goVersion: string | undefined;
  requires: string[];
}

/** Parses go.mod's module, go and require directives (single lines and blocks). */
export function parseGoMod(text: string, file = 'go.mod'): GoMod {
  let module: string | undefined;
  let goVersion: string | undefined;
  const requires: string[] = [];
  let inRequire = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    // An indirect requirement is a dependency of a dependency: the service does not use it
    // (OpenTelemetry's exporters pull in gRPC, which must not make the service look like gRPC).
    if (!line || /\/\/\s*indirect\b/.test(raw)) continue;
    if (inRequire) {
      if (line === ')') inRequire = false;
      else requires.push(line.split(/\s+/)[0]!);
      continue;
    }
    const [word, ...rest] = line.split(/\s+/);
    if (word === 'module') module = rest[0]?.replace(/^"|"$/g, '');
    else if (word === 'go') goVersion = rest[0];
    else if (word === 'require') {
      if (rest[0] === '(') inRequire = true;
      else if (rest[0]) requires.push(rest[0]);
    }
  }
  if (!module) throw new UsageError(`${file} has no module directive.`, 'Run `go mod init <module-path>` first.');
  // The path is written into main.go's imports and the generated package: only what Go itself
  // accepts in a module path may pass, so no value can end the string literal it goes into.
  if (!GO_MODULE_PATH.test(module)) {
    throw new UsageError(
      `${file} declares module ${JSON.stringify(module)}, which is not a valid Go module path.`,
      'Use letters, digits and . _ ~ + - in /-separated elements, e.g. `go mod edit -module example.com/shop`.',
    );
  }
  return { module, goVersion, requires };
}
