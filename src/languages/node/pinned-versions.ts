import type { Command, PinnedVersions } from '../language.js';
import type { PackageJson } from './manifests.js';
import type { NodeVersionChoice } from './node-version.js';
import { OTEL_LINES, type OtelLine } from './versions.js';

/** Remove commands per package manager, for packages of another line the setup no longer imports. */
const REMOVE: Record<string, string[]> = {
  npm: ['npm', 'uninstall'],
  pnpm: ['pnpm', 'remove'],
  yarn: ['yarn', 'remove'],
  bun: ['bun', 'remove'],
};

/** "^0.223.0" → "0.223.0": the version a range starts from, as the table shows it. */
const bare = (range: string) => range.trim().replace(/^[\^~=v]+|^>=\s*/g, '');

/** The major version of a declared range ("^2.12.0" → 2). */
const major = (version: string | undefined) => (version ? /^(\d+)\./.exec(bare(version))?.[1] : undefined);

/** The line of the declared @opentelemetry/core (2.x or 3.x, one major per line). */
function lineOfCore(version: string | undefined): OtelLine | undefined {
  const m = major(version);
  return m === undefined ? undefined : OTEL_LINES.find((l) => major(l.packages['@opentelemetry/core']) === m);
}

/** Packages earlier tracekit versions installed that no line pins any more. */
const RETIRED = ['@opentelemetry/sdk-node'];

/** Every version package.json declares, dependencies and devDependencies. */
function declaredOf(pkg: PackageJson): Record<string, string> {
  return { ...pkg.devDependencies, ...pkg.dependencies };
}

/**
 * The pinned versions against package.json. `specs` are the plan's `name@version` install
 * arguments (a scoped name starts with @, so the version follows the last @).
 */
export function nodePinnedVersions(pkg: PackageJson, choice: NodeVersionChoice, specs: string[]): PinnedVersions {
  const packages = Object.fromEntries(
    specs.map((s) => [s.slice(0, s.lastIndexOf('@')), s.slice(s.lastIndexOf('@') + 1)]),
  );
  const all = declaredOf(pkg);
  const declared = Object.fromEntries(
    Object.keys(packages)
      .filter((n) => all[n] !== undefined)
      .map((n) => [n, bare(all[n]!)]),
  );
  const previous = lineOfCore(all['@opentelemetry/core']);
  const removed = otherLinePackages(pkg, choice.line);
  return {
    line: `OpenTelemetry JS ${choice.line.id}`,
    reason: `Node ${choice.raw} from ${choice.source}`,
    packages,
    declared,
    ...(previous ? { declaredLine: `OpenTelemetry JS ${previous.id}` } : {}),
    ...(removed.length ? { removed: Object.fromEntries(removed.map((n) => [n, bare(all[n]!)])) } : {}),
  };
}

/**
 * Packages tracekit installed that the chosen line does not have (2.x's sdk-trace-base on 3.x,
 * a retired one): their peer ranges exclude the new line's API, so npm would refuse the install
 * while they stay; they are removed first.
 */
export function otherLinePackages(pkg: PackageJson, line: OtelLine): string[] {
  const all = declaredOf(pkg);
  const others = [...OTEL_LINES.flatMap((l) => Object.keys(l.packages)), ...RETIRED];
  return [...new Set(others)].filter((n) => all[n] !== undefined && line.packages[n] === undefined).sort();
}

/** The command that removes those packages with the service's package manager, if any. */
export function removeCommand(packageManager: string, names: string[]): Command[] {
  if (names.length === 0) return [];
  const [file, ...args] = REMOVE[packageManager] ?? REMOVE.npm!;
  return [{ file: file!, args: [...args, ...names] }];
}
