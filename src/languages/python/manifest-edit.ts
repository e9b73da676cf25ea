import { TracekitError, UsageError } from '../../errors.js';
import type { FileChange } from '../../fs/plan.js';
import { type PythonManifests, parseTomlFile } from './manifests.js';
import { pyprojectDependencies, requirementName } from './requirements.js';
import { addArrayItems, setTableKeys } from './toml-edit.js';
import type { PyPackage } from './versions.js';

/** Which of the user's files records the dependencies, and in which dialect. */
export type ManifestKind = 'requirements' | 'pep621' | 'poetry' | 'pipfile' | 'new-requirements';

export interface ManifestTarget {
  kind: ManifestKind;
  path: string;
}

/** requirements.txt wins among several requirements files; dev/test files are never chosen. */
function requirementsFile(p: PythonManifests): string | undefined {
  if (p.requirementsFiles.includes('requirements.txt')) return 'requirements.txt';
  return p.requirementsFiles.find((f) => !/dev|test|lint|doc/i.test(f));
}

/**
 * Picks the manifest the project's own tool reads: Poetry's or uv's pyproject.toml, the
 * Pipfile for pipenv, and for pip a requirements file, else PEP 621 dependencies. A project
 * with none of these (setup.py alone) gets a requirements-tracing.txt of its own.
 */
export function manifestTarget(p: PythonManifests, packageManager: string): ManifestTarget {
  const poetryDeps = (p.pyproject?.tool as { poetry?: { dependencies?: unknown } } | undefined)?.poetry?.dependencies;
  const hasProject = p.pyproject?.project !== undefined;
  if (packageManager === 'poetry')
    return { kind: poetryDeps !== undefined || !hasProject ? 'poetry' : 'pep621', path: 'pyproject.toml' };
  if (packageManager === 'uv') return { kind: 'pep621', path: 'pyproject.toml' };
  if (packageManager === 'pipenv') return { kind: 'pipfile', path: 'Pipfile' };
  const req = requirementsFile(p);
  if (req) return { kind: 'requirements', path: req };
  if (hasProject) return { kind: 'pep621', path: 'pyproject.toml' };
  return { kind: 'new-requirements', path: 'requirements-tracing.txt' };
}

const pin = (pkg: PyPackage) => `${pkg.name}==${pkg.version}`;

/**
 * requirements.txt: a requirement line naming the same distribution is replaced in place
 * (its trailing comment kept); the others are appended under one comment line.
 */
export function editRequirements(text: string, pkgs: PyPackage[]): string {
  const lines = text.split('\n');
  const missing: PyPackage[] = [];
  for (const pkg of pkgs) {
    const i = lines.findIndex((l) => !/^\s*(#|-)/.test(l) && requirementName(l.replace(/(^|\s)#.*$/, '')) === pkg.name);
    if (i < 0) missing.push(pkg);
    else
      lines[i] = lines[i]!.replace(
        /^(\s*)[^#]*?(\s*(?:#.*)?)$/,
        (_m, indent: string, comment: string) => `${indent}${pin(pkg)}${comment}`,
      );
  }
  if (missing.length === 0) return lines.join('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const gap = lines.length ? [''] : [];
  return [
    ...lines,
    ...gap,
    '# OpenTelemetry tracing (added by tracekit; versions tested together)',
    ...missing.map(pin),
    '',
  ].join('\n');
}

/** The edited manifest text for the target, checked by parsing it back. */
export function editManifest(target: ManifestTarget, text: string | undefined, pkgs: PyPackage[]): string {
  let out: string;
  switch (target.kind) {
    case 'requirements':
    case 'new-requirements':
      return editRequirements(text ?? '', pkgs);
    case 'pep621':
      out = addArrayItems(text!, 'project', 'dependencies', pkgs.map(pin), requirementName);
      break;
    case 'poetry':
      out = setTableKeys(
        text!,
        'tool.poetry.dependencies',
        pkgs.map((p) => [p.name, JSON.stringify(p.version)]),
      );
      break;
    case 'pipfile':
      out = setTableKeys(
        text!,
        'packages',
        pkgs.map((p) => [p.name, JSON.stringify(`==${p.version}`)]),
      );
      break;
  }
  verifyToml(target, out, pkgs);
  return out;
}

/** A safety net: the edit must parse and declare every package, or nothing is written. */
function verifyToml(target: ManifestTarget, out: string, pkgs: PyPackage[]): void {
  const doc = parseTomlFile(out, target.path);
  const declared = new Set(
    target.kind === 'pipfile' ? Object.keys((doc.packages as object | undefined) ?? {}) : pyprojectDependencies(doc),
  );
  const lost = pkgs.filter((p) => !declared.has(p.name));
  if (lost.length) {
    throw new TracekitError(
      `Could not add ${lost.map((p) => p.name).join(', ')} to ${target.path} (nothing was written).`,
      {
        hint:
          `Add these lines to ${target.path} by hand: ${lost.map(pin).join(', ')}; ` +
          "then please report the file's layout as a tracekit bug.",
      },
    );
  }
}

/** The manifest edit as a FileChange; the new-file case is tracekit's own (stamped) file. */
export function manifestChange(target: ManifestTarget, current: string | undefined, pkgs: PyPackage[]): FileChange {
  if (current === undefined && target.kind !== 'new-requirements') {
    // poetry.lock or uv.lock without pyproject.toml, for example: nothing to add the packages to.
    throw new UsageError(
      `${target.path} is missing, and this project's package manager keeps its dependencies there.`,
      `Create ${target.path} (or remove the stray lock file), then run tracekit init again.`,
    );
  }
  const content = editManifest(target, current, pkgs);
  return target.kind === 'new-requirements'
    ? { path: target.path, content, kind: 'generated', comment: '#' }
    : { path: target.path, content, kind: 'edit' };
}
